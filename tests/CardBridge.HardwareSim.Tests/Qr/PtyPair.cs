using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace CardBridge.HardwareSim.Tests.Qr;

/// <summary>
/// Two linked pseudo-terminals made by <c>socat -d -d pty,raw,echo=0 pty,raw,echo=0</c>: the scanner writes to
/// <see cref="ScannerEnd"/>, the test reads what arrives at the other end with <see cref="NextFrameAsync"/>.
/// </summary>
internal sealed partial class PtyPair : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Process _socat;
    private readonly FileStream _host;
    private readonly Channel<(byte Value, long At)> _bytes = Channel.CreateUnbounded<(byte, long)>();
    private readonly Task _reading;

    private PtyPair(Process socat, string scannerEnd, string hostEnd)
    {
        _socat = socat;
        ScannerEnd = scannerEnd;
        _host = new FileStream(hostEnd, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        // A tty read blocks its thread; it ends with an error once socat is gone.
        _reading = Task.Factory.StartNew(Read, TaskCreationOptions.LongRunning);
    }

    public string ScannerEnd { get; }

    public static async Task<PtyPair> StartAsync()
    {
        var socat = Process.Start(new ProcessStartInfo("socat", ["-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("socat did not start");
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            var ends = new List<string>();
            while (ends.Count < 2)
            {
                var line = await socat.StandardError.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException("socat ended before it made two ptys");
                if (PtyLine().Match(line) is { Success: true } match)
                {
                    ends.Add(match.Groups[1].Value);
                }
            }
            return new PtyPair(socat, ends[0], ends[1]);
        }
        catch
        {
            socat.Kill();
            await socat.WaitForExitAsync();
            socat.Dispose();
            throw;
        }
    }

    /// <summary>The bytes up to and including <paramref name="suffix"/>, and when the suffix arrived (a <see cref="Stopwatch"/> timestamp).</summary>
    public async Task<(string Frame, long ArrivedAt)> NextFrameAsync(string suffix)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var bytes = new List<byte>();
        while (true)
        {
            var (value, at) = await _bytes.Reader.ReadAsync(timeout.Token);
            bytes.Add(value);
            var text = System.Text.Encoding.UTF8.GetString([.. bytes]);
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                return (text, at);
            }
        }
    }

    /// <summary>True when nothing arrived that <see cref="NextFrameAsync"/> has not taken.</summary>
    public bool Drained => _bytes.Reader.Count == 0;

    public async ValueTask DisposeAsync()
    {
        _socat.Kill();
        await _socat.WaitForExitAsync();
        await _reading;
        _socat.Dispose();
        await _host.DisposeAsync();
    }

    private void Read()
    {
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = _host.Read(buffer)) > 0)
            {
                var at = Stopwatch.GetTimestamp();
                for (var i = 0; i < read; i++)
                {
                    _bytes.Writer.TryWrite((buffer[i], at));
                }
            }
        }
        catch (IOException)
        {
            // The pty vanished with socat.
        }
        _bytes.Writer.TryComplete();
    }

    [GeneratedRegex("PTY is (/dev/pts/[0-9]+)")]
    private static partial Regex PtyLine();
}
