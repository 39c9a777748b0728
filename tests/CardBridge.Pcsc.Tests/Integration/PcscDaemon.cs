using System.Diagnostics;
using System.Net.Sockets;

namespace CardBridge.Pcsc.Tests.Integration;

/// <summary>
/// A pcscd this test started (<c>pcscd -f -i</c>), meant to run in a private mount+net namespace (see the
/// README line in the report: <c>unshare -m -n</c> with a tmpfs on /run/pcscd). Refuses to start in the shared
/// namespace or next to a daemon someone else runs. Only ever signals its own PID.
/// </summary>
internal sealed class PcscDaemon : IAsyncDisposable
{
    public const string SocketPath = "/run/pcscd/pcscd.comm";

    private readonly Process _process;

    private PcscDaemon(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public static async Task<PcscDaemon> StartAsync()
    {
        EnsurePrivateNamespace();
        if (await AcceptsAsync())
        {
            throw new InvalidOperationException($"{SocketPath} already answers: another pcscd runs in this namespace");
        }
        var process = Process.Start(new ProcessStartInfo("pcscd", "-f -i")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("pcscd did not start");
        // Drain its output so a chatty daemon never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var daemon = new PcscDaemon(process);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await AcceptsAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await daemon.DisposeAsync();
                throw new InvalidOperationException("pcscd did not open its socket within 10 s");
            }
            await Task.Delay(20); // polling a socket that does not exist yet: nothing to await on
        }
        return daemon;
    }

    /// <summary>SIGTERM, then wait for the PID to exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>kill -9, then wait for the PID to exit.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        // pcscd -9 leaves its socket file behind; a new daemon replaces it.
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (TimeoutException)
        {
            await KillAsync();
        }
        _process.Dispose();
    }

    private static async Task<bool> AcceptsAsync()
    {
        if (!File.Exists(SocketPath))
        {
            return false;
        }
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void EnsurePrivateNamespace()
    {
        var mine = new FileInfo("/proc/self/ns/mnt").LinkTarget;
        var init = new FileInfo("/proc/1/ns/mnt").LinkTarget;
        if (mine is null || mine == init)
        {
            throw new InvalidOperationException(
                "integration tests start their own pcscd and must run in a private namespace: " +
                "unshare -m -n bash -c 'mount -t tmpfs tmpfs /run/pcscd && ip link set lo up && dotnet test …'");
        }
    }
}
