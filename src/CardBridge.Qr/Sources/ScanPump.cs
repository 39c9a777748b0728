using System.Threading.Channels;

namespace CardBridge.Qr.Sources;

/// <summary>
/// The output side of a source: the channel its scans are written to, and the one background task that writes them,
/// started once and stopped by cancelling it. A stopped pump does not start again.
/// </summary>
internal sealed class ScanPump : IDisposable
{
    private readonly Channel<QrScan> _scans = Channel.CreateBounded<QrScan>(
        new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private Task? _run;

    public ChannelReader<QrScan> Scans => _scans.Reader;

    /// <summary>Where the task writes; it completes the channel when it ends (with the failure, if it failed).</summary>
    public ChannelWriter<QrScan> Writer => _scans.Writer;

    /// <summary>Runs <paramref name="run"/> in the background until it ends or the pump stops (its token is cancelled).</summary>
    /// <exception cref="InvalidOperationException">The pump was already started.</exception>
    /// <exception cref="ObjectDisposedException">The pump was stopped.</exception>
    public void Start(string scanner, object owner, Func<CancellationToken, Task> run)
    {
        lock (_lock)
        {
            if (_run is not null)
            {
                throw new InvalidOperationException($"QR scanner '{scanner}' was already started.");
            }
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, owner);
            _run = Task.Run(() => run(_stop.Token), CancellationToken.None);
        }
    }

    /// <summary>Cancels the task and waits for it to end; a pump never started completes its channel. Stopping twice is harmless.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task? run;
        lock (_lock)
        {
            run = _run;
            if (!_stop.IsCancellationRequested)
            {
                // Also unblocks a task waiting for a consumer that is gone.
                _stop.Cancel();
            }
        }
        if (run is null)
        {
            _scans.Writer.TryComplete();
            return;
        }
        await run.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stop.Dispose();
}
