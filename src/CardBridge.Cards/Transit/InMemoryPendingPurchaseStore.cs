using System.Collections.Concurrent;

namespace CardBridge.Cards.Transit;

/// <summary>An <see cref="IPendingPurchaseStore"/> in process memory: survives card removals, not a restart.</summary>
public sealed class InMemoryPendingPurchaseStore : IPendingPurchaseStore
{
    private readonly ConcurrentDictionary<string, PendingPurchase> _pending = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Number of purchases pending.</summary>
    public int Count => _pending.Count;

    /// <inheritdoc />
    public Task<PendingPurchase?> FindAsync(string applicationSerial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applicationSerial);
        return Task.FromResult(_pending.TryGetValue(applicationSerial, out var purchase) ? purchase : null);
    }

    /// <inheritdoc />
    public Task SaveAsync(PendingPurchase purchase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        _pending[purchase.ApplicationSerial] = purchase;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveAsync(string applicationSerial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applicationSerial);
        _pending.TryRemove(applicationSerial, out _);
        return Task.CompletedTask;
    }
}
