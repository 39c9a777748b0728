namespace CardBridge.Qr.Sources;

/// <summary>A scanner sent a line that was dropped; carries the reason and the length only, never the content.</summary>
public sealed class QrLineRejectedEventArgs(string scanner, QrLineRejection reason, long length, DateTimeOffset at) : EventArgs
{
    /// <summary>The scanner's name.</summary>
    public string Scanner { get; } = scanner;

    /// <summary>Why the line was dropped.</summary>
    public QrLineRejection Reason { get; } = reason;

    /// <summary>The line's length in bytes, without its suffix.</summary>
    public long Length { get; } = length;

    /// <summary>When the line was dropped.</summary>
    public DateTimeOffset At { get; } = at;
}
