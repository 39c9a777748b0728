using System.ComponentModel.DataAnnotations;

namespace CardBridge.Qr.Sources;

/// <summary>A keyboard-wedge scanner whose keystrokes arrive as text on a device node or pipe (e.g. a hidraw-to-text bridge).</summary>
public sealed class KeyboardWedgeQrSourceOptions
{
    /// <summary>The scanner's name in scans, events and logs.</summary>
    [Required]
    public string Name { get; set; } = "";

    /// <summary>The device node or named pipe to read; reopened when it ends or disappears.</summary>
    [Required]
    public string DevicePath { get; set; } = "";

    /// <summary>How codes are cut from the text (wedges usually end a code with Enter: <see cref="QrLineSuffix.LineFeed"/>).</summary>
    [Required]
    public QrFramingOptions Framing { get; set; } = new() { Suffix = QrLineSuffix.LineFeed };

    /// <summary>How long to wait between attempts to open the device.</summary>
    [Required]
    public QrReconnectOptions Reconnect { get; set; } = new();
}
