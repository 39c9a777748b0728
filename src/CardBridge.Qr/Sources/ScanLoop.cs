using System.ComponentModel.DataAnnotations;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CardBridge.Qr.Sources;

/// <summary>
/// The reading engine behind every <see cref="IQrSource"/>: open the device (retrying with a doubling, capped,
/// cancellable wait), frame its bytes into scans, and start over when the device is lost. Logs scanner names, states
/// and lengths only — never the text.
/// </summary>
/// <param name="name">The scanner's name.</param>
/// <param name="open">Opens the device; I/O errors mean "not there (yet)".</param>
/// <param name="reopenAtEnd">Whether the end of the input is a lost device (reopen) or the end of the source.</param>
/// <param name="framing">How lines are cut.</param>
/// <param name="reconnect">How long to wait between attempts.</param>
/// <param name="time">The clock for scan times and waits.</param>
/// <param name="logger">Where states and rejections are logged.</param>
internal sealed partial class ScanLoop(
    string name,
    Func<CancellationToken, Task<IScanInput>> open,
    bool reopenAtEnd,
    QrFramingOptions framing,
    QrReconnectOptions reconnect,
    TimeProvider time,
    ILogger logger) : IAsyncDisposable
{
    private const int ReadBufferSize = 4096;

    private readonly QrFramingOptions _framing = OptionsAnnotations.Checked(framing);
    private readonly QrReconnectOptions _reconnect = Backoff(reconnect);
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));
    private readonly ILogger _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    private readonly ScanPump _pump = new();
    private volatile QrSourceConnectivity _connectivity;

    public QrSourceConnectivity Connectivity => _connectivity;

    public ChannelReader<QrScan> Scans => _pump.Scans;

    public event EventHandler<QrSourceConnectivityEventArgs>? ConnectivityChanged;

    public event EventHandler<QrLineRejectedEventArgs>? LineRejected;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _pump.Start(name, this, RunAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _pump.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _pump.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var delay = _reconnect.InitialDelay;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                IScanInput input;
                try
                {
                    input = await open(stop);
                }
                catch (Exception e) when (IsDeviceFault(e) && !stop.IsCancellationRequested)
                {
                    LogUnavailable(name, delay, e);
                    await Task.Delay(delay, _time, stop);
                    delay = Min(delay * 2, _reconnect.MaxDelay);
                    continue;
                }
                delay = _reconnect.InitialDelay;
                SetConnectivity(QrSourceConnectivity.Connected);
                var ended = false;
                try
                {
                    await PumpAsync(input, stop);
                    ended = true;
                }
                catch (Exception e) when (IsDeviceFault(e) && !stop.IsCancellationRequested)
                {
                    LogLost(name, e);
                }
                finally
                {
                    // Closed before it is reported lost: whoever reacts to the loss (re-plugs, writes again) meets a
                    // closed device, not the old handle that is about to go with what was written to it.
                    await input.DisposeAsync();
                    SetConnectivity(QrSourceConnectivity.Disconnected);
                }
                if (ended && !reopenAtEnd)
                {
                    break;
                }
                await Task.Delay(delay, _time, stop);
            }
            _pump.Writer.TryComplete();
        }
        catch (Exception e) when (stop.IsCancellationRequested && (e is OperationCanceledException || IsDeviceFault(e)))
        {
            // A device that fails while the source is being stopped (an open or read that lost the race with the
            // stop) ends the source as the stop does, not as a scanner failure.
            _pump.Writer.TryComplete();
        }
        catch (Exception e)
        {
            LogFailed(name, e);
            _pump.Writer.TryComplete(new QrSourceFailedException(name, e));
        }
    }

    private async Task PumpAsync(IScanInput input, CancellationToken stop)
    {
        var framer = new LineFramer(_framing);
        var buffer = new byte[ReadBufferSize];
        var lines = new List<FramedLine>();
        var lastByteAt = _time.GetTimestamp();
        Task<int>? read = null;
        while (true)
        {
            read ??= input.ReadAsync(buffer, stop).AsTask();
            if (NextWakeUp(input, framer) is { } wakeUp)
            {
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(stop);
                var elapsed = Task.Delay(wakeUp, _time, timer.Token);
                var first = await Task.WhenAny(read, elapsed);
                await timer.CancelAsync();
                if (first != read)
                {
                    stop.ThrowIfCancellationRequested();
                    if (!input.IsPresent())
                    {
                        throw new IOException("The device is gone.");
                    }
                    if (IsIdle(framer, lastByteAt))
                    {
                        framer.Flush(lines);
                        await PublishAsync(lines, stop);
                    }
                    continue;
                }
            }
            // Disposal of the input (in the caller) ends a read that ignores the token.
            int count;
            try
            {
                count = await read.WaitAsync(stop);
            }
            catch (ObjectDisposedException e) when (!stop.IsCancellationRequested)
            {
                // .NET's Unix serial stream closes itself when the line hangs up (pty owner gone, USB unplugged).
                throw new IOException("The device closed.", e);
            }
            read = null;
            if (count == 0)
            {
                if (_framing.Suffix == QrLineSuffix.None)
                {
                    framer.Flush(lines);
                    await PublishAsync(lines, stop);
                }
                return;
            }
            lastByteAt = _time.GetTimestamp();
            framer.Push(buffer.AsSpan(0, count), lines);
            await PublishAsync(lines, stop);
        }
    }

    // The next time the pump must look up from its read: to end a suffix-less code, or to check the device is there.
    private TimeSpan? NextWakeUp(IScanInput input, LineFramer framer)
    {
        TimeSpan? idle = _framing.Suffix == QrLineSuffix.None && framer.HasPartialLine ? _framing.IdleTimeout : null;
        return (idle, input.PresenceCheckInterval) switch
        {
            ({ } a, { } b) => Min(a, b),
            ({ } a, null) => a,
            (null, var b) => b,
        };
    }

    private bool IsIdle(LineFramer framer, long lastByteAt) =>
        _framing.Suffix == QrLineSuffix.None && framer.HasPartialLine && _time.GetElapsedTime(lastByteAt) >= _framing.IdleTimeout;

    private async Task PublishAsync(List<FramedLine> lines, CancellationToken stop)
    {
        foreach (var line in lines)
        {
            var now = _time.GetUtcNow();
            if (line.IsAccepted)
            {
                LogScanned(name, line.Length);
                await _pump.Writer.WriteAsync(new QrScan(name, line.Text!, now), stop);
            }
            else
            {
                LogRejected(name, line.Rejection, line.Length);
                LineRejected?.Invoke(this, new QrLineRejectedEventArgs(name, line.Rejection, line.Length, now));
            }
        }
        lines.Clear();
    }

    private void SetConnectivity(QrSourceConnectivity connectivity)
    {
        if (_connectivity == connectivity)
        {
            return;
        }
        _connectivity = connectivity;
        LogConnectivity(name, connectivity);
        ConnectivityChanged?.Invoke(this, new QrSourceConnectivityEventArgs(name, connectivity, _time.GetUtcNow()));
    }

    private static QrReconnectOptions Backoff(QrReconnectOptions reconnect)
    {
        OptionsAnnotations.Checked(reconnect);
        if (reconnect.MaxDelay < reconnect.InitialDelay)
        {
            throw new ValidationException($"{nameof(QrReconnectOptions.MaxDelay)} must not be shorter than {nameof(QrReconnectOptions.InitialDelay)}.");
        }
        return reconnect;
    }

    // Faults that mean "the device is absent or went away": reopening may cure them. Anything else is a bug or a
    // setting the device refuses, and ends the source.
    private static bool IsDeviceFault(Exception e) =>
        e is IOException or UnauthorizedAccessException or SocketException or TimeoutException;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Debug, Message = "QR scanner {Scanner} not available; next attempt in {Delay}")]
    private partial void LogUnavailable(string scanner, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "QR scanner {Scanner} lost")]
    private partial void LogLost(string scanner, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "QR scanner {Scanner} {Connectivity}")]
    private partial void LogConnectivity(string scanner, QrSourceConnectivity connectivity);

    [LoggerMessage(Level = LogLevel.Debug, Message = "QR scanner {Scanner} read a code of {Length} bytes")]
    private partial void LogScanned(string scanner, long length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "QR scanner {Scanner} line dropped ({Reason}, {Length} bytes)")]
    private partial void LogRejected(string scanner, QrLineRejection reason, long length);

    [LoggerMessage(Level = LogLevel.Error, Message = "QR scanner {Scanner} stopped by a fault")]
    private partial void LogFailed(string scanner, Exception exception);
}
