namespace CardBridge.Service.Observability;

/// <summary>One failed call as the status page shows it: when, which RPC, and the contract's reason name.</summary>
/// <param name="At">When the call failed.</param>
/// <param name="Rpc">The gRPC method (<c>/cardbridge.v1.IdentityService/ReadIdentity</c>).</param>
/// <param name="Reason">The ErrorInfo reason (<c>CARD_REMOVED</c>), or the status code when the error carried none.</param>
internal readonly record struct RecentError(DateTimeOffset At, string Rpc, string Reason);

/// <summary>
/// The last <see cref="Capacity"/> failed calls, newest first, for the status page. It holds reason names only:
/// no message text, no request field, nothing personal.
/// </summary>
internal sealed class RecentErrors(TimeProvider time)
{
    public const int Capacity = 20;

    private readonly Lock _lock = new();
    private readonly Queue<RecentError> _errors = new(Capacity);

    public void Add(string rpc, string reason)
    {
        var error = new RecentError(time.GetUtcNow(), rpc, reason);
        lock (_lock)
        {
            if (_errors.Count == Capacity)
            {
                _errors.Dequeue();
            }
            _errors.Enqueue(error);
        }
    }

    /// <summary>The remembered errors, newest first.</summary>
    public IReadOnlyList<RecentError> Snapshot()
    {
        lock (_lock)
        {
            return [.. _errors.Reverse()];
        }
    }
}
