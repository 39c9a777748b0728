using System.Net;
using System.Security.Cryptography.X509Certificates;
using CardBridge.Service.Security;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CardBridge.Service.Observability;

/// <summary>
/// Binds the admin listener and keeps it apart from the gRPC ones: its connections are marked when accepted, only the
/// admin paths are served on them (and never on the others), and every admin request needs a caller with scope
/// <c>admin</c> — recognised by <see cref="ClientRegistry"/> exactly as for gRPC (Bearer API key, or the loopback
/// local scopes): 401 when none is recognised, 403 without <c>admin</c>.
/// </summary>
internal static class AdminListener
{
    public const string MetricsPath = "/metrics";
    public const string StatusPath = "/status";
    public const string StatusJsonPath = "/status.json";

    private const string Marker = "cardbridge.admin";

    public static void Listen(KestrelServerOptions kestrel, AdminListenerOptions admin, AdminEndpoint endpoint)
    {
        if (!admin.Enabled || !IPAddress.TryParse(admin.Address, out var address) || admin.Port is < 0 or > 65535)
        {
            return; // off, or validation at start names the fault and stops the host
        }
        if (admin.IsTls && (!File.Exists(admin.CertificatePath) || !File.Exists(admin.KeyPath)))
        {
            return;
        }
        if (!admin.IsTls && !IPAddress.IsLoopback(address))
        {
            return;
        }
        kestrel.Listen(address, admin.Port, listen =>
        {
            listen.Use(next => connection =>
            {
                connection.Items[Marker] = true;
                return next(connection);
            });
            endpoint.Bound(listen, admin.IsTls);
            if (admin.IsTls)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                var certificate = X509Certificate2.CreateFromPemFile(admin.CertificatePath!, admin.KeyPath);
                if (OperatingSystem.IsWindows())
                {
                    // SChannel cannot use the ephemeral key a PEM import gives; a PKCS#12 round trip persists it.
                    using var ephemeral = certificate;
                    certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
                }
                listen.UseHttps(certificate);
            }
            else
            {
                listen.Protocols = HttpProtocols.Http1;
            }
        });
    }

    /// <summary>True when the request arrived on the admin listener.</summary>
    public static bool IsAdminConnection(HttpContext http) =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(Marker) == true;

    /// <summary>The middleware in front of everything: separates admin paths from the gRPC listeners and checks the caller.</summary>
    public static async Task GateAsync(HttpContext http, Func<Task> next)
    {
        var path = http.Request.Path;
        var adminPath = path == MetricsPath || path == StatusPath || path == StatusJsonPath;
        if (IsAdminConnection(http) != adminPath)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (adminPath)
        {
            var caller = http.RequestServices.GetRequiredService<ClientRegistry>().Recognise(http);
            if (caller is null)
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }
            if (!caller.Has(Scopes.Admin))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            if (path == MetricsPath)
            {
                await http.RequestServices.GetRequiredService<JournalBacklog>().RefreshAsync(http.RequestAborted);
            }
        }
        await next();
    }
}
