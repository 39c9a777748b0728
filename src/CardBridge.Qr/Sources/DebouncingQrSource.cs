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
    private readonly Channel<QrScan> _scans = Channel.CreateBounded<QrScan>(
        new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _forward;

    /// <summary>Wraps <paramref name="inner"/>, which this source then owns.</summary>
    /// <exception cref="ValidationException"><paramref name="options"/> is invalid.</exception>
    public DebouncingQrSource(IQrSource inner, QrDebounceOptions options, ILogger<DebouncingQrSource> logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _inner = inner;
        _filter = new DebounceFilter(options.Window);
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => _inner.Name;

    /// <inheritdoc />
    public QrSourceConnectivity Connectivity => _inner.Connectivity;

    /// <inheritdoc />
    public ChannelReader<QrScan> Scans => _scans.Reader;

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
        lock (_lock)
        {
            if (_forward is not null)
            {
                throw new InvalidOperationException($"QR scanner '{Name}' was already started.");
            }
            _forward = Task.Run(ForwardAsync, CancellationToken.None);
        }
        await _inner.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _inner.StopAsync(cancellationToken);
        Task? forward;
        lock (_lock)
        {
            forward = _forward;
            if (!_stop.IsCancellationRequested)
            {
                // Unblocks a forward waiting for a consumer that is gone.
                _stop.Cancel();
            }
        }
        if (forward is null)
        {
            _scans.Writer.TryComplete();
            return;
        }
        await forward.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _inner.DisposeAsync();
        _stop.Dispose();
    }

    // Ends when the wrapped source's scans complete (it stopped or failed); a failure is passed on as is.
    private async Task ForwardAsync()
    {
        try
        {
            await foreach (var scan in _inner.Scans.ReadAllAsync())
            {
                if (!_filter.Admit(scan))
                {
                    LogMerged(scan.Scanner, scan.Text.Length);
                }
                else if (!_scans.Writer.TryWrite(scan))
                {
                    // Full: wait for the consumer, unless the source is stopping (then the scan is dropped).
                    await _scans.Writer.WriteAsync(scan, _stop.Token);
                }
            }
            _scans.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _scans.Writer.TryComplete();
        }
        catch (QrException e)
        {
            _scans.Writer.TryComplete(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "QR scanner {Scanner}: repeated read of a {Length}-character code merged")]
    private partial void LogMerged(string scanner, int length);
}
