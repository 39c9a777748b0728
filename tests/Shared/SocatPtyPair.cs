using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CardBridge.Tests.Shared;

/// <summary>
/// A pseudo-terminal pair made by <c>socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B</c>: bytes written to one
/// end come out of the other. The links stay the same when a new pair is made on them (a re-plugged scanner).
/// Only the socat started here is ever killed, by its own process handle.
/// </summary>
internal sealed partial class SocatPtyPair : IAsyncDisposable
{
    private readonly Process _socat;

    private SocatPtyPair(Process socat, string scannerSide, string hostSide, string scannerLink, string hostLink)
    {
        _socat = socat;
        ScannerSidePts = scannerSide;
        HostSidePts = hostSide;
        ScannerLink = scannerLink;
        HostLink = hostLink;
    }

    /// <summary>The /dev/pts path socat printed for the end the simulated scanner writes.</summary>
    public string ScannerSidePts { get; }

    /// <summary>The /dev/pts path socat printed for the end the source reads.</summary>
    public string HostSidePts { get; }

    /// <summary>The stable link to the scanner's end.</summary>
    public string ScannerLink { get; }

    /// <summary>The stable link to the host's end (what the source is configured with).</summary>
    public string HostLink { get; }

    public static async Task<SocatPtyPair> StartAsync(string directory, CancellationToken cancellationToken)
    {
        var scannerLink = Path.Combine(directory, "scanner");
        var hostLink = Path.Combine(directory, "host");
        // A killed socat leaves its links behind; the new pair must not find them.
        File.Delete(scannerLink);
        File.Delete(hostLink);
        var start = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-d", "-d", $"pty,raw,echo=0,link={scannerLink}", $"pty,raw,echo=0,link={hostLink}" })
        {
            start.ArgumentList.Add(argument);
        }
        var socat = Process.Start(start) ?? throw new InvalidOperationException("socat did not start");
        try
        {
            var ptys = new List<string>();
            while (true)
            {
                var line = await socat.StandardError.ReadLineAsync(cancellationToken)
                    ?? throw new InvalidOperationException("socat ended before making its ptys");
                if (PtyLine().Match(line) is { Success: true } match)
                {
                    ptys.Add(match.Groups[1].Value);
                }
                if (line.Contains("starting data transfer loop", StringComparison.Ordinal))
                {
                    break;
                }
            }
            if (ptys.Count != 2)
            {
                throw new InvalidOperationException($"socat made {ptys.Count} ptys, not 2");
            }
            // Keep draining stderr so socat never blocks on a full pipe.
            _ = socat.StandardError.ReadToEndAsync(CancellationToken.None);
            return new SocatPtyPair(socat, ptys[0], ptys[1], scannerLink, hostLink);
        }
        catch
        {
            socat.Kill();
            await socat.WaitForExitAsync(CancellationToken.None);
            socat.Dispose();
            throw;
        }
    }

    /// <summary>Unplugs the "device": kills this socat and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_socat.HasExited)
        {
            _socat.Kill();
        }
        await _socat.WaitForExitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _socat.Dispose();
    }

    [GeneratedRegex(@"PTY is (/dev/pts/\d+)")]
    private static partial Regex PtyLine();
}
