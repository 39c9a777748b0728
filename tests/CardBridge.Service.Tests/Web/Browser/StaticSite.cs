using System.Net;
using CardBridge.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace CardBridge.Service.Tests.Web.Browser;

/// <summary>
/// docs/examples/web served as its deployment would serve it, from a web server of its own: Kestrel on a free loopback
/// port, so the page's origin (<see cref="Origin"/>) is not the service's.
/// </summary>
internal sealed class StaticSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticSite(WebApplication app, Uri origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>The site's origin as a browser sends it, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Origin { get; }

    public string OriginText => Origin.GetLeftPart(UriPartial.Authority);

    public static async Task<StaticSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var files = new PhysicalFileProvider(RepositoryRoot.Combine("docs", "examples", "web"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        await app.StartAsync();
        return new StaticSite(app, new Uri(app.Urls.Single()));
    }

    /// <summary>The registration desk page, told where the service's web listener is.</summary>
    public Uri Page(Uri service) => new($"{OriginText}/index.html?service={Uri.EscapeDataString(service.GetLeftPart(UriPartial.Authority))}");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
