namespace CardBridge.Cards.Transit;

/// <summary>
/// Where the terminal remembers purchases whose DEBIT answer it has not seen, one per card (application serial).
/// Must survive what the terminal wants to survive: the in-memory store a card removal, a durable store a restart.
/// </summary>
public interface IPendingPurchaseStore
{
    /// <summary>The pending purchase of the purse with <paramref name="applicationSerial"/>, or null.</summary>
    Task<PendingPurchase?> FindAsync(string applicationSerial, CancellationToken cancellationToken);

    /// <summary>Records <paramref name="purchase"/>, replacing any earlier one of the same purse; durable when this returns.</summary>
    Task SaveAsync(PendingPurchase purchase, CancellationToken cancellationToken);

    /// <summary>Forgets the pending purchase of the purse with <paramref name="applicationSerial"/>, if any.</summary>
    Task RemoveAsync(string applicationSerial, CancellationToken cancellationToken);
}
