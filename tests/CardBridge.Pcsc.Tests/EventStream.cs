namespace CardBridge.Pcsc.Tests;

/// <summary>Reads a monitor's changes in order, each with a deadline; disposing stops the monitor first.</summary>
internal sealed class EventStream : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly IAsyncEnumerator<ReaderChange> _events;
    private Task<bool>? _pending;

    public EventStream(ReaderMonitor monitor, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _events = monitor.WatchAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
    }

    public async Task<ReaderChange> NextAsync(TimeSpan? timeout = null)
    {
        Assert.True(await MoveNextAsync(timeout ?? TimeSpan.FromSeconds(10)), "the event stream ended");
        return _events.Current;
    }

    public async Task<ReaderChange> NextAsync(ReaderChangeKind kind, TimeSpan? timeout = null)
    {
        var next = await NextAsync(timeout);
        Assert.Equal(kind, next.Kind);
        return next;
    }

    /// <summary>Reads events until one matches, returning everything read.</summary>
    public async Task<List<ReaderChange>> UntilAsync(Func<ReaderChange, bool> match, TimeSpan timeout)
    {
        var seen = new List<ReaderChange>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var next = await NextAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            seen.Add(next);
            if (match(next))
            {
                return seen;
            }
        }
    }

    /// <summary>Moves on, keeping a move that outlives its timeout pending for the next call.</summary>
    public async Task<bool> MoveNextAsync(TimeSpan timeout)
    {
        _pending ??= _events.MoveNextAsync().AsTask();
        var moved = await _pending.WaitAsync(timeout);
        _pending = null;
        return moved;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_pending is not null)
        {
            try
            {
                await _pending;
            }
            catch (OperationCanceledException)
            {
                // the stop we just asked for
            }
        }
        await _events.DisposeAsync();
        _stop.Dispose();
    }
}
