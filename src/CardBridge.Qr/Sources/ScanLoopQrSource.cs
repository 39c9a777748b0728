using System.Threading.Channels;

namespace CardBridge.Qr.Sources;

/// <summary>
/// What every device source shares: its reading, framing, reconnecting and events are one <see cref="ScanLoop"/>;
/// a source only says how its device is opened.
/// </summary>
public abstract class ScanLoopQrSource : IQrSource
{
    private readonly ScanLoop _loop;

    private protected ScanLoopQrSource(string name, ScanLoop loop)
    {
        Name = name;
        _loop = loop;
        // Raised again with this source as the sender: handlers see the source they subscribed to.
        _loop.ConnectivityChanged += (_, e) => ConnectivityChanged?.Invoke(this, e);
        _loop.LineRejected += (_, e) => LineRejected?.Invoke(this, e);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public QrSourceConnectivity Connectivity => _loop.Connectivity;

    /// <inheritdoc />
    public ChannelReader<QrScan> Scans => _loop.Scans;

    /// <inheritdoc />
    public event EventHandler<QrSourceConnectivityEventArgs>? ConnectivityChanged;

    /// <inheritdoc />
    public event EventHandler<QrLineRejectedEventArgs>? LineRejected;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => _loop.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => _loop.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _loop.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
