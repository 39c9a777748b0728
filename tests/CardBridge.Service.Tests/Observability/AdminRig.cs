using CardBridge.Api.V1;
using CardBridge.Service.Hosting;
using CardBridge.Service.Observability;
using CardBridge.Service.Simulation;
using CardBridge.Service.Tests.Security;
using CardBridge.Simulation.Centre;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Service.Tests.Observability;

/// <summary>
/// The real service in simulator mode with the admin listener on a free loopback port (HTTP/1.1) next to the gRPC one,
/// its own directory for logs, audit, journal and replay cache, and a plain HttpClient for the admin endpoints.
/// </summary>
internal sealed class AdminRig : IAsyncDisposable
{
    public const string Reader0 = "Simulated Reader 0";
    public const string Reader1 = "Simulated Reader 1";

    /// <summary>The configured clients: an operator with <c>admin</c>, a teller without it.</summary>
    public static ApiKeyClient Operator { get; } = new("ops", "admin");

    public static ApiKeyClient Teller { get; } = new("teller", "identity.basic", "identity.full", "settlement");

    private readonly WebApplication _app;
    private readonly string _directory;

    private AdminRig(WebApplication app, string directory, Uri grpc, Uri admin)
    {
        _app = app;
        _directory = directory;
        Channel = GrpcChannel.ForAddress(grpc);
        GrpcAddress = grpc;
        AdminAddress = admin;
        Http = new HttpClient { BaseAddress = admin, Timeout = TimeSpan.FromSeconds(10) };
    }

    public GrpcChannel Channel { get; }

    public Uri GrpcAddress { get; }

    public Uri AdminAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public SimulatedCentre Centre => Services.GetRequiredService<SimulatedPlatforms>().Centre
        ?? throw new InvalidOperationException("no simulated centre");

    /// <summary>Starts a service with <see cref="Operator"/> and <see cref="Teller"/> configured; <paramref name="settings"/> come last.</summary>
    public static async Task<AdminRig> StartAsync(params (string Key, string? Value)[] settings)
    {
        var directory = Directory.CreateTempSubdirectory("cardbridge-admin-").FullName;
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Listeners:LoopbackPort"] = "0",
            ["Listeners:Web:Port"] = "-1",
            ["Listeners:Admin:Port"] = "0",
            ["Audit:Path"] = Path.Combine(directory, "audit-.jsonl"),
            ["Logs:FilePath"] = Path.Combine(directory, "log-.json"),
            ["Logs:Console"] = "false",
            ["Journal:Path"] = Path.Combine(directory, "journal.db"),
            ["Journal:UploadInterval"] = "1.00:00:00",
            ["Centre:MaxRetries"] = "0",
            ["Qr:Replay:DatabasePath"] = Path.Combine(directory, "qr-replay.db"),
        };
        foreach (var (key, value) in ApiKeyClient.SettingsOf(Operator, Teller))
        {
            values[key] = value;
        }
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }
        var app = ServiceHost.Build([ServiceHost.SimulateFlag], configuration => configuration.AddInMemoryCollection(values));
        await app.StartAsync();
        var admin = app.Services.GetRequiredService<AdminEndpoint>().Address ?? throw new InvalidOperationException("the admin listener is not bound");
        var grpc = app.Urls.Select(u => new Uri(u)).Single(u => u.Scheme == "http" && u.Port != admin.Port);
        return new AdminRig(app, directory, grpc, admin);
    }

    /// <summary>Waits (through WatchEvents, which starts with the current state) until <paramref name="reader"/> has a pre-read session.</summary>
    public async Task<string> SessionInAsync(string reader)
    {
        var readers = new ReaderService.ReaderServiceClient(Channel);
        using var call = readers.WatchEvents(new WatchEventsRequest { Reader = reader }, ServiceRig.WithKey(null));
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.SessionReady is { } ready)
            {
                return ready.SessionId;
            }
        }
        throw new InvalidOperationException("the event stream ended");
    }

    /// <summary>A GET on the admin listener, with <paramref name="apiKey"/> as Bearer when given.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (apiKey is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }
        return await Http.SendAsync(request);
    }

    public async Task<string> GetTextAsync(string path, string? apiKey = null)
    {
        using var response = await GetAsync(path, apiKey);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A log file still held open by the OS is left for the temp cleaner.
        }
    }
}
