using CardBridge.Api.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CardBridge.IntegrationTests;

/// <summary>
/// The real service as <c>cardbridge-service</c> runs, a child process (<see cref="ServiceProcess"/>) listening on a
/// loopback port of its own choosing with its logs, audit and journal in a temporary directory, and a real gRPC
/// channel to it.
/// </summary>
internal sealed class RunningService : IAsyncDisposable
{
    /// <summary>A fixed deployment key: holder ids only have to be stable within a test.</summary>
    private static readonly string PseudonymKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 1)).ToArray());

    private readonly ServiceProcess _process;

    private RunningService(ServiceProcess process)
    {
        _process = process;
        Channel = GrpcChannel.ForAddress(process.Address);
    }

    /// <summary>The plaintext loopback listener, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Address => _process.Address;

    public GrpcChannel Channel { get; }

    /// <summary>The service process's id, for its resources under /proc.</summary>
    public int ProcessId => _process.Id;

    public ReaderService.ReaderServiceClient Readers => new(Channel);

    public IdentityService.IdentityServiceClient Identity => new(Channel);

    /// <summary>
    /// Starts the service on PC/SC (the daemon of this namespace) with the PSAM in <paramref name="psamReader"/> and
    /// local callers allowed identity.basic, identity.full and pin, and whatever <paramref name="extra"/> adds.
    /// </summary>
    public static Task<RunningService> OnPcscAsync(string psamReader, params (string Key, string Value)[] extra) => StartAsync([],
        [.. extra, ("Readers:PsamReader", psamReader),
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
        ("Security:LocalScopes:2", "pin")]);

    /// <summary>Starts the service in simulator mode (a 3.00 card in "Simulated Reader 0", the PSAM in its own slot).</summary>
    public static Task<RunningService> SimulatedAsync() => StartAsync(["--simulate"]);

    /// <summary>Starts the service with <paramref name="args"/> and <paramref name="settings"/> given as <c>--Section:Key=value</c>.</summary>
    public static async Task<RunningService> StartAsync(string[] args, params (string Key, string Value)[] settings) =>
        new(await ServiceProcess.StartListeningAsync(
        [
            .. args,
            $"--Security:PseudonymKey={PseudonymKey}",
            .. settings.Select(s => $"--{s.Key}={s.Value}"),
        ]));

    /// <summary>Call options with a deadline, so no call can hang a test.</summary>
    public static CallOptions Deadline(TimeSpan? timeout = null) => new(deadline: DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15)));

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _process.DisposeAsync();
    }
}
