using System.ComponentModel.DataAnnotations;

namespace CardBridge.Qr.Sources;

/// <summary>How a scanner's byte stream is cut into codes. Text is UTF-8 (ASCII is a subset).</summary>
public sealed class QrFramingOptions
{
    /// <summary>What ends a code.</summary>
    [EnumDataType(typeof(QrLineSuffix))]
    public QrLineSuffix Suffix { get; set; } = QrLineSuffix.CarriageReturn;

    /// <summary>With <see cref="QrLineSuffix.None"/>: the silence after which the bytes read so far are one code.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A prefix the scanner is configured to send before each code; removed when present (ordinal match).</summary>
    public string Prefix { get; set; } = "";

    /// <summary>The longest accepted code in bytes (prefix included, suffix not). Longer lines are discarded and reported.</summary>
    [Range(1, 1024 * 1024)]
    public int MaxLineLength { get; set; } = 4096;
}
