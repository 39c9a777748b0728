using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace CardBridge.Tests.Shared;

/// <summary>
/// The built <c>cardbridge-service</c> as a child process (<c>dotnet cardbridge-service.dll</c>), as an operator runs it,
/// working in a <see cref="ServiceDirectory"/> that holds its logs, audit and (with <c>--simulate</c>) its state. It
/// listens on a loopback port it picks itself (port 0) and names it in its "Now listening on" line: a port chosen here
/// and handed over could be taken by another test's service in between. Its standard output and error are kept for
/// assertions and failure messages. Disposing kills it if it still runs.
/// </summary>
/// <remarks>
/// The rig's own settings (port 0, log, audit and state paths) go in as <c>CARDBRIDGE_</c> environment variables, which
/// rank below the command line: a test's arguments and environment override them. Inherited <c>CARDBRIDGE_</c>
/// variables are dropped, so the service sees only the configuration its test gives.
/// </remarks>
internal sealed partial class ServiceProcess : IAsyncDisposable
{
    /// <summary>Generous: on a fresh machine running test assemblies in parallel, the whole service is JIT-compiled first.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private const string SimulateFlag = "--simulate";
    private const string EnvironmentPrefix = "CARDBRIDGE_";
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ServiceDirectory _directory;
    private readonly bool _ownsDirectory;
    private readonly Task _exited;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process, ServiceDirectory directory, bool ownsDirectory)
    {
        _process = process;
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        process.OutputDataReceived += (_, e) => Take(e.Data, _stdout);
        process.ErrorDataReceived += (_, e) => Take(e.Data, _stderr);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Completes once the process has exited and both streams are read to their end.
        _exited = process.WaitForExitAsync();
    }

    /// <summary>The service's working directory: log-*.json, audit-*.jsonl and, in simulator mode, its state.</summary>
    public string Directory => _directory.Path;

    public int Id => _process.Id;

    /// <summary>The plaintext loopback listener, e.g. <c>http://127.0.0.1:40123</c>, once <see cref="ListeningAsync"/> has seen it.</summary>
    public Uri Address => _listening.Task.IsCompletedSuccessfully
        ? _listening.Task.Result
        : throw new InvalidOperationException("the service has not said where it listens yet (await ListeningAsync)");

    public string StandardOutput => Read(_stdout);

    public string StandardError => Read(_stderr);

    /// <summary>Standard output and error as they arrived.</summary>
    public string Output => Read(_output);

    /// <summary>Where the service's build output is: the test assembly's <c>ServiceBuildOutput</c> metadata, else the test's own output.</summary>
    private static string ServiceDll { get; } = Path.Combine(
        typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "ServiceBuildOutput")?.Value
            ?? AppContext.BaseDirectory,
        "cardbridge-service.dll");

    /// <summary>
    /// Starts the service with <paramref name="args"/> (<c>--simulate</c>, <c>--Section:Key=value</c>) and returns at once,
    /// for a run that may end by itself (<see cref="ExitCodeAsync"/>). <paramref name="environment"/> is added last.
    /// With a <paramref name="wrapper"/> (a command line ending where the program goes, e.g. <c>unshare … exec "$@"</c>)
    /// the service runs under it. In <paramref name="directory"/>, which the caller keeps, or else in a new one of its own.
    /// </summary>
    public static ServiceProcess Start(
        IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? wrapper = null,
        ServiceDirectory? directory = null)
    {
        var arguments = args.ToList();
        var workingDirectory = directory ?? ServiceDirectory.Create();
        var info = new ProcessStartInfo(wrapper is { Count: > 0 } ? wrapper[0] : "dotnet")
        {
            WorkingDirectory = workingDirectory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (wrapper is { Count: > 0 })
        {
            foreach (var part in wrapper.Skip(1))
            {
                info.ArgumentList.Add(part);
            }
            info.ArgumentList.Add("dotnet");
        }
        info.ArgumentList.Add(ServiceDll);
        foreach (var arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        IEnumerable<KeyValuePair<string, string>> settings =
        [
            new("Listeners:LoopbackPort", "0"),
            // Off unless a test turns it on (--Listeners:Web:Port=0): the default port would be shared by every test's service.
            new("Listeners:Web:Port", "-1"),
            .. workingDirectory.LogSettings,
            .. arguments.Contains(SimulateFlag, StringComparer.Ordinal) ? workingDirectory.SimulationStateSettings : [],
        ];
        foreach (var (key, value) in settings)
        {
            info.Environment[EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            if (directory is null)
            {
                workingDirectory.Dispose();
            }
            throw;
        }
        return new ServiceProcess(process, workingDirectory, ownsDirectory: directory is null);
    }

    /// <summary>Starts the service as <see cref="Start"/> does and returns once it listens; a service that does not is disposed.</summary>
    public static async Task<ServiceProcess> StartListeningAsync(
        IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, ServiceDirectory? directory = null)
    {
        var service = Start(args, environment, directory: directory);
        try
        {
            await service.ListeningAsync();
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    /// <summary>Waits for the "Now listening on" line and returns the plaintext loopback address it names.</summary>
    public async Task<Uri> ListeningAsync(TimeSpan? timeout = null)
    {
        var patience = timeout ?? StartTimeout;
        try
        {
            await Task.WhenAny(_listening.Task, _exited).WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"cardbridge-service (pid {Id}) said in {patience.TotalSeconds:0} s nowhere that it listens:\n{Output}");
        }
        return _listening.Task.IsCompletedSuccessfully
            ? _listening.Task.Result
            : throw new InvalidOperationException($"cardbridge-service exited with {_process.ExitCode} before listening:\n{Output}");
    }

    /// <summary>Waits until the service listens and its health check answers SERVING.</summary>
    public async Task ServingAsync(TimeSpan? timeout = null)
    {
        var patience = timeout ?? StartTimeout;
        using var channel = GrpcChannel.ForAddress(await ListeningAsync(patience));
        // Wait-for-ready: the call waits (with the channel's reconnect backoff) until the port accepts.
        var check = new Health.HealthClient(channel).CheckAsync(
            new HealthCheckRequest(), new CallOptions(deadline: DateTime.UtcNow + patience).WithWaitForReady()).ResponseAsync;
        if (await Task.WhenAny(check, _exited) != check)
        {
            throw new InvalidOperationException($"cardbridge-service exited with {_process.ExitCode} before its health check answered:\n{Output}");
        }
        var status = (await check).Status;
        if (status != HealthCheckResponse.Types.ServingStatus.Serving)
        {
            throw new InvalidOperationException($"cardbridge-service is {status}:\n{Output}");
        }
    }

    /// <summary>SIGTERM, as systemd stops a unit, then the exit code; throws <see cref="TimeoutException"/> when it has not exited within <paramref name="timeout"/>.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WaitAsync(ExitTimeout);
        }
        return await ExitCodeAsync(timeout);
    }

    /// <summary>kill -9 (SIGKILL, one kill(2) on the process held since the start), then the exit code.</summary>
    public async Task<int> KillAsync()
    {
        _process.Kill();
        return await ExitCodeAsync(ExitTimeout);
    }

    /// <summary>Waits for the exit and returns the exit code; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"cardbridge-service (pid {Id}) still runs after {timeout.TotalSeconds:0} s:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>
    /// A new API key and the line to configure for it, made by <c>cardbridge-service hash-key</c> as an operator makes
    /// them (the command prints the key and the <c>ApiKeyHashes</c> entry, each after a colon).
    /// </summary>
    public static async Task<(string Key, string Stored)> HashKeyAsync()
    {
        var run = Start(["hash-key"]);
        await using (run)
        {
            var exit = await run.ExitCodeAsync(ExitTimeout);
            var values = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line[(line.LastIndexOf(": ", StringComparison.Ordinal) + 2)..])
                .ToList();
            return exit == 0 && values is [var key, var stored]
                ? (key, stored)
                : throw new InvalidOperationException($"cardbridge-service hash-key exited {exit}:\n{run.Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_exited.IsCompleted)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // it exited on its own in between
            }
        }
        try
        {
            await ExitCodeAsync(ExitTimeout);
        }
        finally
        {
            _process.Dispose();
            if (_ownsDirectory)
            {
                _directory.Dispose();
            }
        }
    }

    private void Take(string? line, StringBuilder stream)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            stream.AppendLine(line);
            _output.AppendLine(line);
        }
        if (ListeningLine().Match(line) is { Success: true } listening)
        {
            _listening.TrySetResult(new Uri(listening.Groups["address"].Value));
        }
    }

    private string Read(StringBuilder text)
    {
        lock (_output)
        {
            return text.ToString();
        }
    }

    [GeneratedRegex(@"Now listening on:?\s*(?<address>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
