namespace CardBridge.Docs.Tests;

/// <summary>
/// <c>cardbridge-service --simulate</c> as the guides run it: a child process (<see cref="ServiceProcess"/>) in its own
/// temp directory on a loopback port of its own choosing, with the guides' clients configured (each its own API key,
/// made by <c>hash-key</c>).
/// </summary>
internal sealed class SimulatedService : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private SimulatedService(ServiceProcess process, IReadOnlyDictionary<string, string> apiKeys)
    {
        _process = process;
        ApiKeys = apiKeys;
    }

    /// <summary>The service's working directory (simulation journal, logs, audit).</summary>
    public string Directory => _process.Directory;

    /// <summary>API key per client id: <c>his</c>, <c>gate</c>, <c>bank</c>, <c>transit</c>, <c>kiosk</c>.</summary>
    public IReadOnlyDictionary<string, string> ApiKeys { get; }

    public Uri Address => _process.Address;

    /// <summary>host:port, as Python's grpc.insecure_channel takes it.</summary>
    public string Target => $"{Address.Host}:{Address.Port}";

    public string Output => _process.Output;

    /// <summary>The guides' clients and their scopes (docs/guides/*.md, "What to configure").</summary>
    public static IReadOnlyList<(string Id, string[] Scopes)> Clients { get; } =
    [
        ("his", ["identity.full", "pin", "settlement"]),
        ("gate", ["identity.basic"]),
        ("bank", ["identity.full", "pin", "bank.masked"]),
        ("transit", ["transit", "identity.basic"]),
        ("kiosk", ["medical.read"]),
    ];

    public static async Task<SimulatedService> StartAsync(params string[] extraArgs)
    {
        var args = new List<string> { "--simulate" };
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var made = await Task.WhenAll(Clients.Select(_ => ServiceProcess.HashKeyAsync()));
        for (var i = 0; i < Clients.Count; i++)
        {
            var (id, scopes) = Clients[i];
            var (key, stored) = made[i];
            keys[id] = key;
            args.Add($"--Security:Clients:{i}:Id={id}");
            args.Add($"--Security:Clients:{i}:ApiKeyHashes:0={stored}");
            for (var s = 0; s < scopes.Length; s++)
            {
                args.Add($"--Security:Clients:{i}:Scopes:{s}={scopes[s]}");
            }
        }
        args.AddRange(extraArgs);
        return new SimulatedService(await ServiceProcess.StartListeningAsync(args), keys);
    }

    /// <summary>The audit log's lines so far (all daily files).</summary>
    public string AuditText() => string.Concat(
        System.IO.Directory.GetFiles(Directory, "audit-*.jsonl").Order(StringComparer.Ordinal).Select(File.ReadAllText));

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
