using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace CardBridge.Cli.Tests.Fakes;

/// <summary>
/// The real <c>cardbridge-service --simulate</c>, run from its build output as a child process on a loopback port it
/// picks itself (port 0, read back from its "Now listening on" line: a port chosen here and handed over could be taken by
/// another test's service in between, and a health check would then answer from that one),
/// with its logs, audit, journal and replay cache in a temporary directory. Readers "Simulated Reader 0/1" (a third-gen
/// card in 0), scanner "Simulated Scanner", local callers with identity.basic, identity.full, pin and admin unless
/// <c>--Section:Key=value</c> settings say otherwise.
/// </summary>
internal sealed partial class SimulatedService : IAsyncDisposable
{
    public const string Reader0 = "Simulated Reader 0";
    public const string Reader1 = "Simulated Reader 1";
    public const string Scanner = "Simulated Scanner";

    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SimulatedService(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    /// <summary>The plaintext loopback endpoint, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Starts the service and returns once it answers a health check.</summary>
    public static async Task<SimulatedService> StartAsync(params string[] settings)
    {
        var directory = Directory.CreateTempSubdirectory("cardbridge-cli-sim-").FullName;
        var serviceDirectory = typeof(SimulatedService).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ServiceDirectory").Value!;
        var start = new ProcessStartInfo(Path.Combine(serviceDirectory, OperatingSystem.IsWindows() ? "cardbridge-service.exe" : "cardbridge-service"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var arg in new[]
        {
            "--simulate",
            "--Listeners:LoopbackPort=0",
            $"--Audit:Path={Path.Combine(directory, "audit-.jsonl")}",
            $"--Logs:FilePath={Path.Combine(directory, "log-.json")}",
            $"--Journal:Path={Path.Combine(directory, "journal.db")}",
            $"--Qr:Replay:DatabasePath={Path.Combine(directory, "qr-replay.db")}",
        }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("CARDBRIDGE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        var service = new SimulatedService(Process.Start(start)!, directory);
        service._process.OutputDataReceived += (_, e) => service.Record(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Record(e.Data);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        try
        {
            await service.WaitUntilServingAsync();
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file the OS still holds open is left for the temp cleaner.
        }
    }

    private async Task WaitUntilServingAsync()
    {
        var exited = _process.WaitForExitAsync();
        var listening = _listening.Task.WaitAsync(StartPatience);
        if (await Task.WhenAny(listening, exited) == exited)
        {
            throw new InvalidOperationException($"cardbridge-service exited with {_process.ExitCode} before listening: {Log()}");
        }
        Address = await listening;
        using var channel = GrpcChannel.ForAddress(Address);
        var health = new Health.HealthClient(channel);
        // Wait-for-ready: the call waits (with the channel's reconnect backoff) until the port accepts.
        var check = health.CheckAsync(new HealthCheckRequest(), new CallOptions(deadline: DateTime.UtcNow + StartPatience).WithWaitForReady()).ResponseAsync;
        if (await Task.WhenAny(check, exited) == exited)
        {
            throw new InvalidOperationException($"cardbridge-service exited with {_process.ExitCode}: {Log()}");
        }
        var status = (await check).Status;
        if (status != HealthCheckResponse.Types.ServingStatus.Serving)
        {
            throw new InvalidOperationException($"cardbridge-service is {status}: {Log()}");
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
        if (ListeningLine().Match(line) is { Success: true } listening)
        {
            _listening.TrySetResult(listening.Groups["address"].Value);
        }
    }

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    [GeneratedRegex(@"Now listening on:?\s*(?<address>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
