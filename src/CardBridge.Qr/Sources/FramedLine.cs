namespace CardBridge.Qr.Sources;

/// <summary>What <see cref="LineFramer"/> cut from the stream: a code's text, or a rejected line's reason and length.</summary>
internal readonly record struct FramedLine(string? Text, QrLineRejection Rejection, long Length)
{
    public static FramedLine Accepted(string text, long length) => new(text, default, length);

    public static FramedLine Rejected(QrLineRejection reason, long length) => new(null, reason, length);

    public bool IsAccepted => Text is not null;
}
