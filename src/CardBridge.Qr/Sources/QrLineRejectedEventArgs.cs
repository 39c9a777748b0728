namespace CardBridge.Qr.Sources;

/// <summary>A scanner sent a line that was dropped; carries the reason and the length only, never the content.</summary>
public sealed class QrLineRejectedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public QrLineRejectedEventArgs(string scanner, QrLineRejection reason, long length, DateTimeOffset at)
    {
        Scanner = scanner;
        Reason = reason;
        Length = length;
        At = at;
    }

    /// <summary>The scanner's name.</summary>
    public string Scanner { get; }

    /// <summary>Why the line was dropped.</summary>
    public QrLineRejection Reason { get; }

    /// <summary>The line's length in bytes, without its suffix.</summary>
    public long Length { get; }

    /// <summary>When the line was dropped.</summary>
    public DateTimeOffset At { get; }
}
