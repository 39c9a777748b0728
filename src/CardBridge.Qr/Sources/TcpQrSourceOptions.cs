using System.ComponentModel.DataAnnotations;

namespace CardBridge.Qr.Sources;

/// <summary>A network scanner that serves its codes as lines on a TCP port (the source is the client).</summary>
public sealed class TcpQrSourceOptions
{
    /// <summary>The scanner's name in scans, events and logs.</summary>
    [Required]
    public string Name { get; set; } = "";

    /// <summary>The scanner's host name or address.</summary>
    [Required]
    public string Host { get; set; } = "";

    /// <summary>The scanner's TCP port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; }

    /// <summary>The time allowed for one connection attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How codes are cut from the stream.</summary>
    [Required]
    public QrFramingOptions Framing { get; set; } = new();

    /// <summary>How long to wait between connection attempts.</summary>
    [Required]
    public QrReconnectOptions Reconnect { get; set; } = new();
}
