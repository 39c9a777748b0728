using CardBridge.Api.V1;
using CardBridge.Service.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace CardBridge.IntegrationTests;

/// <summary>
/// The real service, built by <see cref="ServiceHost.Build"/> as <c>cardbridge-service</c> builds it, listening on a
/// free loopback port with its logs and audit in a temporary directory, and a real gRPC channel to it.
/// </summary>
internal sealed class RunningService : IAsyncDisposable
{
    /// <summary>A fixed deployment key: holder ids only have to be stable within a test.</summary>
    private static readonly string PseudonymKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 1)).ToArray());

    private readonly WebApplication _app;
    private readonly string _directory;

    private RunningService(WebApplication app, string directory, Uri address)
    {
        _app = app;
        _directory = directory;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
    }

    /// <summary>The plaintext loopback listener, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public ReaderService.ReaderServiceClient Readers => new(Channel);

    public IdentityService.IdentityServiceClient Identity => new(Channel);

    /// <summary>
    /// Starts the service on PC/SC (the daemon of this namespace) with the PSAM in <paramref name="psamReader"/> and
    /// local callers allowed identity.basic, identity.full and pin.
    /// </summary>
    public static Task<RunningService> OnPcscAsync(string psamReader) => StartAsync([],
        ("Readers:PsamReader", psamReader),
        // A deployment's settlement settings; these tests never settle, so the centre address is never called.
        ("Journal:EncryptionKey", Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 5 + 3)).ToArray())),
        ("Journal:IntegrityKey", Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 11 + 2)).ToArray())),
        ("Centre:ServiceUri", "http://127.0.0.1:9/fsi/api/rsfComIfsService/callService"),
        ("Centre:InstitutionCode", "SIMH0001"),
        ("Centre:InstitutionName", "测试医院"),
        ("Centre:OperatorCode", "SIMOP001"),
        ("Centre:OperatorName", "测试操作员"),
        ("Settlement:TerminalId", "999900000001"),
        ("Security:LocalScopes:0", "identity.basic"),
        ("Security:LocalScopes:1", "identity.full"),
        ("Security:LocalScopes:2", "pin"));

    /// <summary>Starts the service in simulator mode (a 3.00 card in "Simulated Reader 0", the PSAM in its own slot).</summary>
    public static Task<RunningService> SimulatedAsync() => StartAsync([ServiceHost.SimulateFlag]);

    private static async Task<RunningService> StartAsync(string[] args, params (string Key, string Value)[] settings)
    {
        var directory = Directory.CreateTempSubdirectory("cardbridge-e2e-").FullName;
        var app = ServiceHost.Build(args, configuration => configuration.AddInMemoryCollection(
        [
            new("Listeners:LoopbackPort", "0"),
            new("Security:PseudonymKey", PseudonymKey),
            new("Audit:Path", Path.Combine(directory, "audit-.jsonl")),
            new("Logs:FilePath", Path.Combine(directory, "log-.json")),
            new("Logs:Console", "false"),
            new("Journal:Path", Path.Combine(directory, "journal.db")),
            .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)),
        ]));
        await app.StartAsync();
        return new RunningService(app, directory, new Uri(app.Urls.Single(u => u.StartsWith("http://", StringComparison.Ordinal))));
    }

    /// <summary>Call options with a deadline, so no call can hang a test.</summary>
    public static CallOptions Deadline(TimeSpan? timeout = null) => new(deadline: DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15)));

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A log file the OS still holds open is left for the temp cleaner.
        }
    }
}
