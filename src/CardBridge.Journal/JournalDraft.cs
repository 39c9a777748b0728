namespace CardBridge.Journal;

/// <summary>A record to append; the journal gives it its sequence, creation time and seals.</summary>
/// <param name="Id">The record's UUID: the centre-side idempotency key, chosen by the caller (from its injected id source).</param>
/// <param name="TerminalId">The terminal that made the transaction.</param>
/// <param name="Kind">What the record is for.</param>
/// <param name="Amounts">The money, in fen.</param>
/// <param name="LineItemHash">The hash of the bill's line items (empty when there are none).</param>
/// <param name="CardTac">The card's transaction authentication code (empty when the card was not debited).</param>
/// <param name="CardTransactionCounter">The card's transaction counter after the debit (empty when the card was not debited).</param>
/// <param name="Personal">The personal fields; stored only encrypted.</param>
public sealed record JournalDraft(
    Guid Id,
    string TerminalId,
    JournalKind Kind,
    PaymentSplit Amounts,
    ReadOnlyMemory<byte> LineItemHash,
    ReadOnlyMemory<byte> CardTac,
    ReadOnlyMemory<byte> CardTransactionCounter,
    PersonalFields Personal)
{
    /// <summary>
    /// True to commit the record ahead of its card write (<see cref="JournalState.AwaitingCard"/>); the writer then
    /// confirms it with the card's proof or voids it.
    /// </summary>
    public bool AwaitsCard { get; init; }

    /// <summary>Checks the draft as an append does, so a caller can refuse it before it commits to anything else.</summary>
    /// <exception cref="ArgumentException">The draft lacks its UUID, terminal id, kind or personal fields, or an amount is negative.</exception>
    public void EnsureValid()
    {
        if (Id == Guid.Empty)
        {
            throw new ArgumentException("A journal record needs a non-empty UUID.");
        }
        if (string.IsNullOrWhiteSpace(TerminalId))
        {
            throw new ArgumentException("A journal record needs a terminal id.");
        }
        if (Kind.Value is null)
        {
            throw new ArgumentException("A journal record needs a kind.");
        }
        ArgumentNullException.ThrowIfNull(Personal);
        Amounts.EnsureValid();
    }
}
