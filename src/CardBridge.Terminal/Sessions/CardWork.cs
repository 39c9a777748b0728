using CardBridge.Iso7816;

namespace CardBridge.Terminal;

/// <summary>
/// A caller's work queued on a reader worker. Cancellation before it starts means it never runs; once it runs,
/// the caller's token reaches the work and the caller waits for it, so the card is left as the work leaves it.
/// </summary>
internal sealed class CardWork<T>
{
    private const int Queued = 0;
    private const int Running = 1;
    private const int Withdrawn = 2;

    private readonly Func<CardAccess, CancellationToken, Task<T>> _work;
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state = Queued;

    public CardWork(Guid sessionId, CardPresence presence, Func<CardAccess, CancellationToken, Task<T>> work)
    {
        SessionId = sessionId;
        Presence = presence;
        _work = work;
    }

    public Guid SessionId { get; }

    public CardPresence Presence { get; }

    public Task<T> Result => _result.Task;

    public void Withdraw(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Withdrawn, Queued) == Queued)
        {
            _result.TrySetCanceled(cancellationToken);
        }
    }

    public void Fail(Exception error)
    {
        if (Interlocked.CompareExchange(ref _state, Withdrawn, Queued) == Queued)
        {
            _result.TrySetException(error);
        }
    }

    public async Task RunAsync(CardAccess? access, CardPresence? connectedPresence, CancellationToken callerToken)
    {
        if (Interlocked.CompareExchange(ref _state, Running, Queued) != Queued)
        {
            return;
        }
        if (access is null || !ReferenceEquals(connectedPresence, Presence) || Presence.Gone.IsCancellationRequested)
        {
            _result.TrySetException(new SessionEndedException(SessionId));
            return;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, Presence.Gone);
        try
        {
            _result.TrySetResult(await _work(access, linked.Token));
        }
        catch (OperationCanceledException) when (Presence.Gone.IsCancellationRequested)
        {
            _result.TrySetException(new SessionEndedException(SessionId));
        }
        catch (CardRemovedException e)
        {
            _result.TrySetException(new SessionEndedException(SessionId, e));
        }
        catch (OperationCanceledException) when (callerToken.IsCancellationRequested)
        {
            _result.TrySetCanceled(callerToken);
        }
#pragma warning disable CA1031 // the caller's work may fail any way; its failure belongs to the caller, not the worker
        catch (Exception e)
#pragma warning restore CA1031
        {
            _result.TrySetException(e);
        }
    }
}
