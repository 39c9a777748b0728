using System.ComponentModel.DataAnnotations;

namespace CardBridge.Qr.Sources;

/// <summary>How a source waits between attempts to (re)open its device: doubling from <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>.</summary>
public sealed class QrReconnectOptions
{
    /// <summary>The wait after the first failed attempt, and after a device is lost.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The cap on the wait between attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);
}
