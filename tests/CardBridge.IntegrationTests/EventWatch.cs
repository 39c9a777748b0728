using System.Threading.Channels;
using CardBridge.Api.V1;
using Grpc.Core;

namespace CardBridge.IntegrationTests;

/// <summary>
/// An open <c>ReaderService.WatchEvents</c> call read in the background, so a test can await the event it
/// expects (with a timeout) and see every event that came before it.
/// </summary>
internal sealed class EventWatch : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<ReaderEvent> _call;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ReaderEvent> _events = Channel.CreateUnbounded<ReaderEvent>();
    private readonly Task _pump;

    public EventWatch(ReaderService.ReaderServiceClient readers)
    {
        _call = readers.WatchEvents(new WatchEventsRequest(), cancellationToken: _stop.Token);
        _pump = PumpAsync();
    }

    /// <summary>
    /// Reads events until one matches <paramref name="match"/>; returns all of them, the match last.
    /// Fails with the events seen so far when none matches within <paramref name="timeout"/>.
    /// </summary>
    public async Task<List<ReaderEvent>> UntilAsync(Func<ReaderEvent, bool> match, TimeSpan timeout)
    {
        var seen = new List<ReaderEvent>();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(deadline.Token);
                seen.Add(next);
                if (match(next))
                {
                    return seen;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no matching event within {timeout}; saw: {string.Join(", ", seen)}");
        }
        catch (ChannelClosedException e)
        {
            throw new InvalidOperationException($"the event stream ended; saw: {string.Join(", ", seen)}", e.InnerException);
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var change in _call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                await _events.Writer.WriteAsync(change, _stop.Token);
            }
            _events.Writer.Complete();
        }
        catch (Exception e)
        {
            _events.Writer.Complete(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _call.Dispose();
        _stop.Dispose();
    }
}
