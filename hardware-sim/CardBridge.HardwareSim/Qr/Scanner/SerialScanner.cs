namespace CardBridge.HardwareSim.Qr.Scanner;

/// <summary>
/// A scanner on a serial line: writes the script's frames to a tty path (one end of a pseudo-terminal pair, e.g. from
/// <c>socat -d -d pty,raw,echo=0 pty,raw,echo=0</c>). Unplugging is the pty owner's business (kill socat), not the writer's.
/// </summary>
public static class SerialScanner
{
    /// <summary>Opens <paramref name="path"/> for writing and keeps it open until the link is disposed.</summary>
    internal static IScannerLink Open(string path) =>
        new TtyLink(new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0));

    /// <summary>Opens <paramref name="path"/> and plays <paramref name="script"/> into it.</summary>
    public static async Task PlayAsync(string path, ScannerScript script, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        await using var tty = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        var burst = script.BurstFrames();
        for (var read = 0; read < script.Repeat; read++)
        {
            await tty.WriteAsync(burst, cancellationToken);
            await tty.FlushAsync(cancellationToken);
            await Task.Delay(script.Interval, cancellationToken);
        }
    }

    private sealed class TtyLink(FileStream tty) : IScannerLink
    {
        public async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            await tty.WriteAsync(bytes, cancellationToken);
            await tty.FlushAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => tty.DisposeAsync();
    }
}
