namespace CardBridge.Qr.Sources;

/// <summary>What a scanner sends after each code.</summary>
public enum QrLineSuffix
{
    /// <summary>Carriage return (0x0D), the common factory default of serial scanners.</summary>
    CarriageReturn,

    /// <summary>Line feed (0x0A).</summary>
    LineFeed,

    /// <summary>Carriage return then line feed; a lone carriage return is part of the text.</summary>
    CarriageReturnLineFeed,

    /// <summary>Nothing: a code ends when the scanner has been silent for <see cref="QrFramingOptions.IdleTimeout"/>.</summary>
    None,
}
