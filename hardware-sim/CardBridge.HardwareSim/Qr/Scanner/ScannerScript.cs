namespace CardBridge.HardwareSim.Qr.Scanner;

/// <summary>
/// What the simulated scanner does: send <see cref="Text"/> (the code, made elsewhere) <see cref="Repeat"/> times,
/// <see cref="Interval"/> apart, each time as a burst of <see cref="Burst"/> identical reads back to back (a code held
/// under the scanner). Over TCP it can drop the connection after <see cref="DisconnectAfter"/> codes and listen again
/// after <see cref="ReconnectDelay"/>.
/// </summary>
public sealed record ScannerScript
{
    /// <summary>The code text, sent as UTF-8.</summary>
    public required string Text { get; init; }

    /// <summary>A prefix sent before every code (a scanner's configured prefix).</summary>
    public string Prefix { get; init; } = "";

    /// <summary>What ends each code.</summary>
    public ScannerSuffix Suffix { get; init; } = ScannerSuffix.Cr;

    /// <summary>How many times the code is read.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>The pause between reads (and after the last one, so that a suffix-less code is complete).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How many identical frames each read sends back to back.</summary>
    public int Burst { get; init; } = 1;

    /// <summary>Over TCP: after this many reads the connection is closed and the port stops listening (null: never).</summary>
    public int? DisconnectAfter { get; init; }

    /// <summary>Over TCP: how long the port stays closed after <see cref="DisconnectAfter"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The bytes of one read: prefix, text, suffix.</summary>
    public byte[] Frame()
    {
        var suffix = Suffix switch
        {
            ScannerSuffix.Cr => "\r",
            ScannerSuffix.Lf => "\n",
            ScannerSuffix.CrLf => "\r\n",
            _ => "",
        };
        return System.Text.Encoding.UTF8.GetBytes(Prefix + Text + suffix);
    }

    /// <summary>The bytes of one burst: <see cref="Burst"/> frames.</summary>
    public byte[] BurstFrames()
    {
        var frame = Frame();
        var bytes = new byte[frame.Length * Math.Max(1, Burst)];
        for (var offset = 0; offset < bytes.Length; offset += frame.Length)
        {
            frame.CopyTo(bytes, offset);
        }
        return bytes;
    }
}
