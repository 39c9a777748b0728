using System.ComponentModel.DataAnnotations;
using System.IO.Ports;

namespace CardBridge.Qr.Sources;

/// <summary>A serial or USB-CDC scanner (<c>/dev/ttyACM0</c>, <c>/dev/ttyUSB0</c>, a <c>/dev/serial/by-id/…</c> link, <c>COM3</c>).</summary>
public sealed class SerialQrSourceOptions : IValidatableObject
{
    /// <summary>The scanner's name in scans, events and logs.</summary>
    [Required]
    public string Name { get; set; } = "";

    /// <summary>The port: a device path (a stable symlink survives re-plugging) or a COM name.</summary>
    [Required]
    public string PortPath { get; set; } = "";

    /// <summary>The baud rate (ignored by USB-CDC devices, required by real UARTs).</summary>
    [Range(50, 4_000_000)]
    public int BaudRate { get; set; } = 9600;

    /// <summary>Data bits per character.</summary>
    [Range(5, 8)]
    public int DataBits { get; set; } = 8;

    /// <summary>The parity.</summary>
    [EnumDataType(typeof(Parity))]
    public Parity Parity { get; set; } = Parity.None;

    /// <summary>The stop bits (<see cref="StopBits.None"/> is not a valid setting).</summary>
    [EnumDataType(typeof(StopBits))]
    public StopBits StopBits { get; set; } = StopBits.One;

    /// <summary>
    /// How often the port's path is checked while open: a serial read does not fail when the device behind it is
    /// unplugged, so the source notices the loss by the path vanishing or pointing at another device.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PresenceCheckInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How codes are cut from the stream.</summary>
    [Required]
    public QrFramingOptions Framing { get; set; } = new();

    /// <summary>How long to wait between attempts to open the port.</summary>
    [Required]
    public QrReconnectOptions Reconnect { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StopBits == StopBits.None)
        {
            yield return new ValidationResult("StopBits.None is not a valid serial setting.", [nameof(StopBits)]);
        }
    }
}
