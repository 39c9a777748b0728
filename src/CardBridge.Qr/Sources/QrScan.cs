namespace CardBridge.Qr.Sources;

/// <summary>One code read by a scanner: which scanner, the text it sent (suffix and configured prefix removed), and when.</summary>
/// <remarks>The text is personal data: <see cref="ToString"/> shows only its length, and logs must do the same.</remarks>
/// <param name="Scanner">The name of the scanner that read the code.</param>
/// <param name="Text">The code text as sent by the scanner.</param>
/// <param name="ScannedAt">When the scan was framed, from the source's <see cref="TimeProvider"/>.</param>
public sealed record QrScan(string Scanner, string Text, DateTimeOffset ScannedAt)
{
    /// <summary>Describes the scan without its text (scanner, text length, time).</summary>
    public override string ToString() =>
        FormattableString.Invariant($"QrScan {{ Scanner = {Scanner}, Length = {Text.Length}, ScannedAt = {ScannedAt:O} }}");
}
