using System.ComponentModel.DataAnnotations;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CardBridge.Qr.Sources;

/// <summary>
/// Wraps a source so that repeated reads of the same code within <see cref="QrDebounceOptions.Window"/> (a code held
/// under the scanner, a double trigger) are one scan: the first read is published at once, its repeats are dropped.
/// Starting, stopping and disposing this source does the same to the wrapped one; its events are the wrapped one's.
/// </summary>
public sealed partial class DebouncingQrSource : IQrSource
{
    private readonly IQrSource _inner;
    private readonly DebounceFilter _filter;
    private readonly ILogger _logger;
    private readonly ScanPump _pump = new();

    /// <summary>Wraps <paramref name="inner"/>, which this source then owns.</summary>
    /// <exception cref="ValidationException"><paramref name="options"/> is invalid.</exception>
    public DebouncingQrSource(IQrSource inner, QrDebounceOptions options, ILogger<DebouncingQrSource> logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(logger);
        _inner = inner;
        _filter = new DebounceFilter(OptionsAnnotations.Checked(options).Window);
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => _inner.Name;

    /// <inheritdoc />
    public QrSourceConnectivity Connectivity => _inner.Connectivity;

    /// <inheritdoc />
    public ChannelReader<QrScan> Scans => _pump.Scans;

    /// <inheritdoc />
    public event EventHandler<QrSourceConnectivityEventArgs>? ConnectivityChanged
    {
        add => _inner.ConnectivityChanged += value;
        remove => _inner.ConnectivityChanged -= value;
    }

    /// <inheritdoc />
    public event EventHandler<QrLineRejectedEventArgs>? LineRejected
    {
        add => _inner.LineRejected += value;
        remove => _inner.LineRejected -= value;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _pump.Start(Name, this, ForwardAsync);
        await _inner.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _inner.StopAsync(cancellationToken);
        await _pump.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _inner.DisposeAsync();
        _pump.Dispose();
    }

    // Ends when the wrapped source's scans complete (it stopped or failed); a failure is passed on as is.
    private async Task ForwardAsync(CancellationToken stop)
    {
        var scans = _pump.Writer;
        try
        {
            await foreach (var scan in _inner.Scans.ReadAllAsync(CancellationToken.None))
            {
                if (!_filter.Admit(scan))
                {
                    LogMerged(scan.Scanner, scan.Text.Length);
                }
                else if (!scans.TryWrite(scan))
                {
                    // Full: wait for the consumer, unless the source is stopping (then the scan is dropped).
                    await scans.WriteAsync(scan, stop);
                }
            }
            scans.TryComplete();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            scans.TryComplete();
        }
        catch (QrException e)
        {
            scans.TryComplete(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "QR scanner {Scanner}: repeated read of a {Length}-character code merged")]
    private partial void LogMerged(string scanner, int length);
}
