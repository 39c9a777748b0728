using System.Threading.Channels;

namespace CardBridge.Qr.Sources;

/// <summary>
/// A named QR scanner. After <see cref="StartAsync"/> it keeps its device open — reopening it, with a capped backoff,
/// whenever it disappears — and writes every code it reads to <see cref="Scans"/>, which completes when the source
/// stops (or fails with <see cref="QrSourceFailedException"/>).
/// </summary>
public interface IQrSource : IAsyncDisposable
{
    /// <summary>The scanner's configured name (carried by every <see cref="QrScan"/> and event).</summary>
    string Name { get; }

    /// <summary>Whether the device is open now.</summary>
    QrSourceConnectivity Connectivity { get; }

    /// <summary>The codes read, in order. Single consumer; it completes after <see cref="StopAsync"/>.</summary>
    ChannelReader<QrScan> Scans { get; }

    /// <summary>Raised (on the source's reading task) when the device is opened or lost. Handlers must not block or throw.</summary>
    event EventHandler<QrSourceConnectivityEventArgs>? ConnectivityChanged;

    /// <summary>Raised (on the source's reading task) when a line is dropped (too long, not UTF-8). Handlers must not block or throw.</summary>
    event EventHandler<QrLineRejectedEventArgs>? LineRejected;

    /// <summary>Starts reading in the background; returns without waiting for the device. A source starts once.</summary>
    /// <exception cref="InvalidOperationException">The source was already started.</exception>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops reading, closes the device and completes <see cref="Scans"/>. Stopping twice is harmless.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
