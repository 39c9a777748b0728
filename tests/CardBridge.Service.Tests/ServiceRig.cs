using CardBridge.Api.V1;
using CardBridge.Service.Hosting;
using CardBridge.Service.Web;
using CardBridge.Simulation.Readers;
using CardBridge.Tests.Shared;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Service.Tests;

/// <summary>
/// The real service (Kestrel on a free loopback port) in simulator mode with its own log and audit directory,
/// and a real gRPC channel to it. Settings are configuration keys, as an operator would write them.
/// </summary>
internal sealed class ServiceRig : IAsyncDisposable
{
    public const string Reader0 = "Simulated Reader 0";
    public const string Reader1 = "Simulated Reader 1";

    private readonly WebApplication _app;
    private readonly ServiceDirectory _directory;

    private ServiceRig(WebApplication app, ServiceDirectory directory, Uri address)
    {
        _app = app;
        _directory = directory;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
    }

    /// <summary>Where this rig's logs, audit files and journal go.</summary>
    public string Directory => _directory.Path;

    /// <summary>The plaintext loopback listener.</summary>
    public Uri Address { get; }

    /// <summary>The web listener (gRPC-Web, JSON, /openapi.json) when a test turned it on (<c>Listeners:Web:Port</c> 0).</summary>
    public Uri WebAddress => Services.GetRequiredService<WebEndpoint>().Address ?? throw new InvalidOperationException("the web listener is off");

    /// <summary>Every bound listener (TLS ones start with https://).</summary>
    public IReadOnlyList<string> Urls => [.. _app.Urls];

    public GrpcChannel Channel { get; }

    public SimulatedReaderBank Bank => _app.Services.GetRequiredService<SimulatedReaderBank>();

    public IServiceProvider Services => _app.Services;

    public string AuditPath => _directory.Combine("audit-.jsonl");

    /// <summary>
    /// Starts a service; <paramref name="settings"/> override the simulator defaults (two readers, a 3.00 card in
    /// reader 0, the PSAM, and local callers with identity.basic, identity.full, pin and admin).
    /// </summary>
    public static async Task<ServiceRig> StartAsync(params (string Key, string? Value)[] settings)
    {
        var directory = ServiceDirectory.Create();
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Listeners:LoopbackPort"] = "0",
            // Off unless a test turns it on (port 0): the default port would be shared by every test's service.
            ["Listeners:Web:Port"] = "-1",
            ["Logs:Console"] = "false",
        };
        foreach (var (key, value) in directory.LogSettings.Concat(directory.SimulationStateSettings))
        {
            values[key] = value;
        }
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }
        var app = ServiceHost.Build([ServiceHost.SimulateFlag], configuration => configuration.AddInMemoryCollection(values));
        await app.StartAsync();
        var web = app.Services.GetRequiredService<WebEndpoint>().Address;
        return new ServiceRig(app, directory, new Uri(app.Urls.Single(u => u.StartsWith("http://", StringComparison.Ordinal) && new Uri(u) != web)));
    }

    public IdentityService.IdentityServiceClient Identity => new(Channel);

    public ReaderService.ReaderServiceClient Readers => new(Channel);

    public SimulatorService.SimulatorServiceClient Simulator => new(Channel);

    /// <summary>Call options carrying an API key, with a deadline so no test can hang.</summary>
    public static CallOptions WithKey(string? apiKey, TimeSpan? deadline = null)
    {
        var headers = new Metadata();
        if (apiKey is not null)
        {
            headers.Add("authorization", $"Bearer {apiKey}");
        }
        return new CallOptions(headers, DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(10)));
    }

    /// <summary>Waits (through WatchEvents, which starts with the current state) until <paramref name="reader"/> has a pre-read session.</summary>
    public async Task<string> SessionInAsync(string reader, string? apiKey = null)
    {
        using var call = Readers.WatchEvents(new WatchEventsRequest { Reader = reader }, WithKey(apiKey));
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.SessionReady is { } ready)
            {
                return ready.SessionId;
            }
        }
        throw new InvalidOperationException("the event stream ended");
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}
