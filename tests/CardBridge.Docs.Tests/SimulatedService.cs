using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CardBridge.Service.Security;

namespace CardBridge.Docs.Tests;

/// <summary>
/// <c>cardbridge-service --simulate</c> as the guides run it: a child process in its own temp directory on a free
/// loopback port, with the guides' clients configured (each its own API key, made as <c>hash-key</c> makes them).
/// </summary>
internal sealed partial class SimulatedService : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SimulatedService(Process process, string directory, IReadOnlyDictionary<string, string> apiKeys)
    {
        _process = process;
        Directory = directory;
        ApiKeys = apiKeys;
    }

    /// <summary>The service's working directory (simulation journal, logs, audit).</summary>
    public string Directory { get; }

    /// <summary>API key per client id: <c>his</c>, <c>gate</c>, <c>bank</c>, <c>transit</c>.</summary>
    public IReadOnlyDictionary<string, string> ApiKeys { get; }

    public Uri Address { get; private set; } = new("http://127.0.0.1");

    /// <summary>host:port, as Python's grpc.insecure_channel takes it.</summary>
    public string Target => $"{Address.Host}:{Address.Port}";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The guides' clients and their scopes (docs/guides/*.md, "What to configure").</summary>
    public static IReadOnlyList<(string Id, string[] Scopes)> Clients { get; } =
    [
        ("his", ["identity.full", "pin", "settlement"]),
        ("gate", ["identity.basic"]),
        ("bank", ["identity.full", "pin"]),
        ("transit", ["transit", "identity.basic"]),
    ];

    public static async Task<SimulatedService> StartAsync(params string[] extraArgs)
    {
        var directory = Path.Combine(Path.GetTempPath(), "cardbridge-docs-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var arg in (string[])[
            Path.Combine(AppContext.BaseDirectory, "cardbridge-service.dll"), "--simulate",
            "--Listeners:LoopbackPort=0",
            $"--Logs:FilePath={Path.Combine(directory, "log-.json")}",
            $"--Audit:Path={Path.Combine(directory, "audit-.jsonl")}"])
        {
            info.ArgumentList.Add(arg);
        }
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Clients.Count; i++)
        {
            var (id, scopes) = Clients[i];
            var (key, stored) = ApiKeyHash.Create();
            keys[id] = key;
            info.ArgumentList.Add($"--Security:Clients:{i}:Id={id}");
            info.ArgumentList.Add($"--Security:Clients:{i}:ApiKeyHashes:0={stored}");
            for (var s = 0; s < scopes.Length; s++)
            {
                info.ArgumentList.Add($"--Security:Clients:{i}:Scopes:{s}={scopes[s]}");
            }
        }
        foreach (var arg in extraArgs)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var service = new SimulatedService(process, directory, keys);
        process.OutputDataReceived += (_, e) => service.Take(e.Data);
        process.ErrorDataReceived += (_, e) => service.Take(e.Data);
        process.Exited += (_, _) => service._listening.TrySetException(
            new InvalidOperationException($"the service exited before listening:\n{service.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            service.Address = await service._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    /// <summary>The audit log's lines so far (all daily files).</summary>
    public string AuditText() => string.Concat(
        System.IO.Directory.GetFiles(Directory, "audit-*.jsonl").Order(StringComparer.Ordinal).Select(File.ReadAllText));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open; the temp cleaner takes it
        }
    }

    private void Take(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        var listening = ListeningLine().Match(line);
        if (listening.Success)
        {
            _listening.TrySetResult(new Uri(listening.Groups["address"].Value));
        }
    }

    [GeneratedRegex(@"Now listening on:?\s*(?<address>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
