using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace CardBridge.HardwareSim.Daemon;

/// <summary>
/// A real pcsc-lite daemon (<c>pcscd -f -i</c>, foreground, never auto-exiting) started and owned by a test,
/// benchmark or demo, with the vpcd reader configuration Debian's <c>vsmartcard-vpcd</c> installs. It can be
/// stopped gracefully (SIGTERM), killed (SIGKILL) and started again, which is how the tests prove that
/// CardBridge survives daemon restarts. Only the process this object started is ever signalled.
/// </summary>
public sealed class PcscDaemon : IAsyncDisposable
{
    /// <summary>Where pcsc-lite listens for clients.</summary>
    public const string SocketPath = "/run/pcscd/pcscd.comm";

    private readonly string _executable;
    private readonly TextWriter? _log;
    private Process? _process;

    /// <summary>Creates the owner; nothing runs until <see cref="StartAsync"/>.</summary>
    public PcscDaemon(string executable = "/usr/sbin/pcscd", TextWriter? log = null)
    {
        _executable = executable;
        _log = log;
    }

    /// <summary>The daemon's process id while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Starts the daemon and waits until its socket accepts clients.</summary>
    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("pcscd is already running");
        }
        if (!File.Exists(_executable))
        {
            throw new FileNotFoundException($"{_executable} not found: install the Debian package pcscd", _executable);
        }
        if (await AcceptsClientsAsync(cancellationToken))
        {
            throw new InvalidOperationException(
                $"another pcscd already serves {SocketPath}; run in a private namespace (scripts/test.sh does) or stop it");
        }
        var info = new ProcessStartInfo(_executable)
        {
            ArgumentList = { "--foreground", "--info" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {_executable}");
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (!await AcceptsClientsAsync(deadline.Token))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException(
                        string.Create(CultureInfo.InvariantCulture, $"pcscd exited at start with code {process.ExitCode}"));
                }
                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillAsync(CancellationToken.None);
            throw new TimeoutException($"pcscd did not open {SocketPath} within {timeout}");
        }
    }

    /// <summary>SIGTERM, then waits for the process to exit (pcscd takes about a second); SIGKILL after <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) } }))
        {
            if (kill is not null)
            {
                await kill.WaitForExitAsync(cancellationToken);
            }
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillAsync(cancellationToken);
        }
    }

    /// <summary>SIGKILL (like <c>kill -9</c>) and waits for the process to be gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        process.Kill();
        await process.WaitForExitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        _process?.Dispose();
        _process = null;
    }

    private static async Task<bool> AcceptsClientsAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(SocketPath))
        {
            return false;
        }
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Log(string? line)
    {
        if (line is not null && _log is not null)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }
        }
    }
}
