using System.Net;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CardBridge.Cli.Tests.Fakes;

/// <summary>
/// A real Kestrel gRPC server on 127.0.0.1 with an OS-chosen port, hosting the fakes. HTTP/2 only, so an http://
/// address is plaintext h2c exactly as the CLI meets the real service.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    public string Address { get; }

    public FakeReaderService Readers { get; } = new();

    public FakeIdentityService Identity { get; } = new();

    public FakeSimulatorService Simulator { get; } = new();

    public FakeJournalService Journal { get; } = new();

    public FakeTransitService Transit { get; } = new();

    public HealthServiceImpl Health { get; } = new();

    public static async Task<TestServer> StartAsync(Action<ListenOptions>? configureListener = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            configureListener?.Invoke(listen);
        }));
        builder.Services.AddGrpc();
        var holder = new FakeHolder();
        builder.Services.AddSingleton(_ => holder.Server!.Readers);
        builder.Services.AddSingleton(_ => holder.Server!.Identity);
        builder.Services.AddSingleton(_ => holder.Server!.Simulator);
        builder.Services.AddSingleton(_ => holder.Server!.Journal);
        builder.Services.AddSingleton(_ => holder.Server!.Transit);
        builder.Services.AddSingleton(_ => holder.Server!.Health);
        var app = builder.Build();
        app.MapGrpcService<FakeReaderService>();
        app.MapGrpcService<FakeIdentityService>();
        app.MapGrpcService<FakeSimulatorService>();
        app.MapGrpcService<FakeJournalService>();
        app.MapGrpcService<FakeTransitService>();
        app.MapGrpcService<HealthServiceImpl>();
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var server = new TestServer(app, bound);
        holder.Server = server;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class FakeHolder
    {
        public TestServer? Server { get; set; }
    }
}
