namespace CardBridge.Pcsc.Tests;

/// <summary>Reads a monitor's events in order, each with a deadline.</summary>
internal sealed class EventStream : IAsyncDisposable
{
    private readonly IAsyncEnumerator<ReaderEvent> _events;

    public EventStream(IReaderMonitor monitor, CancellationToken cancellationToken)
    {
        _events = monitor.WatchAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
    }

    public async Task<ReaderEvent> NextAsync(TimeSpan? timeout = null)
    {
        var moved = await _events.MoveNextAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        Assert.True(moved, "the event stream ended");
        return _events.Current;
    }

    public async Task<T> NextAsync<T>(TimeSpan? timeout = null) where T : ReaderEvent =>
        Assert.IsType<T>(await NextAsync(timeout));

    /// <summary>Reads events until one matches, returning everything read.</summary>
    public async Task<List<ReaderEvent>> UntilAsync(Func<ReaderEvent, bool> match, TimeSpan timeout)
    {
        var seen = new List<ReaderEvent>();
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = await NextAsync(timeout);
            seen.Add(next);
            if (match(next))
            {
                return seen;
            }
            deadline.Token.ThrowIfCancellationRequested();
        }
    }

    public async Task<bool> MoveNextAsync(TimeSpan timeout) => await _events.MoveNextAsync().AsTask().WaitAsync(timeout);

    public ValueTask DisposeAsync() => _events.DisposeAsync();
}
