using System.Threading.Channels;

namespace CardBridge.Qr.Sources;

/// <summary>
/// What every device source shares: its reading, framing, reconnecting and events are one <see cref="ScanLoop"/>;
/// a source only says how its device is opened.
/// </summary>
public abstract class ScanLoopQrSource : IQrSource
{
    private readonly ScanLoop _loop;

    private protected ScanLoopQrSource(string name, Func<IQrSource, ScanLoop> loop)
    {
        Name = name;
        _loop = loop(this);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public QrSourceConnectivity Connectivity => _loop.Connectivity;

    /// <inheritdoc />
    public ChannelReader<QrScan> Scans => _loop.Scans;

    /// <inheritdoc />
    public event EventHandler<QrSourceConnectivityEventArgs>? ConnectivityChanged
    {
        add => _loop.ConnectivityChanged += value;
        remove => _loop.ConnectivityChanged -= value;
    }

    /// <inheritdoc />
    public event EventHandler<QrLineRejectedEventArgs>? LineRejected
    {
        add => _loop.LineRejected += value;
        remove => _loop.LineRejected -= value;
    }

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
