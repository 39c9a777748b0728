using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CardBridge.Service.Tests.Hosting;

/// <summary>The built <c>cardbridge-service</c> run as a child process (<c>dotnet cardbridge-service.dll</c>) in its own temp directory.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    public string Directory { get; }

    public int Id => _process.Id;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public static string ServiceDll => Path.Combine(AppContext.BaseDirectory, "cardbridge-service.dll");

    /// <summary>
    /// Starts the service with <paramref name="args"/>; logs and audit go to the process's temp directory. With a
    /// <paramref name="wrapper"/> (a command line ending where the program goes, e.g. <c>unshare … exec "$@"</c>),
    /// the service runs under it.
    /// </summary>
    public static ServiceProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null, IReadOnlyList<string>? wrapper = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "cardbridge-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var info = new ProcessStartInfo(wrapper is { Count: > 0 } ? wrapper[0] : "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
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
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.ArgumentList.Add($"--Logs:FilePath={Path.Combine(directory, "log-.json")}");
        info.ArgumentList.Add($"--Audit:Path={Path.Combine(directory, "audit-.jsonl")}");
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info };
        var service = new ServiceProcess(process, directory);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (service._stdout)
            {
                service._stdout.AppendLine(e.Data);
            }
            if (e.Data.Contains("Now listening on", StringComparison.Ordinal))
            {
                service._listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (service._stderr)
                {
                    service._stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Completes once the service logged that Kestrel listens.</summary>
    public Task ListeningAsync(TimeSpan timeout) => _listening.Task.WaitAsync(timeout);

    /// <summary>Waits for the exit and returns the exit code; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as systemd does to stop a unit.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

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
            // left for the temp cleaner
        }
    }
}
