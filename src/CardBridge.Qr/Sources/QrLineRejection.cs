namespace CardBridge.Qr.Sources;

/// <summary>Why a line from a scanner was dropped instead of becoming a <see cref="QrScan"/>.</summary>
public enum QrLineRejection
{
    /// <summary>The line was longer than <see cref="QrFramingOptions.MaxLineLength"/>; its bytes were discarded as they came.</summary>
    TooLong,

    /// <summary>The line's bytes are not valid UTF-8.</summary>
    NotUtf8,
}
