namespace CardBridge.Settlement.Workflow;

/// <summary>
/// Writes an offline settlement to the holder's card (DF04 medical purse, with PSAM MACs; DESIGN §8). The host gives
/// one per call, bound to the live card session; the workflow calls it once the journal holds the record.
/// </summary>
public interface IOfflineCardWriter
{
    /// <summary>Writes <paramref name="entry"/> and returns the card's proof.</summary>
    /// <exception cref="CardWriteUncertainException">The card may have been written (it left after the debit was sent).</exception>
    /// <exception cref="OfflineLimitExceededException">The card refuses offline settlement (<see cref="OfflineLimit.CardRefused"/>); nothing was written.</exception>
    /// <remarks>Any other exception means nothing was written to the card.</remarks>
    Task<OfflineCardProof> WriteAsync(OfflineCardEntry entry, CancellationToken cancellationToken);
}

/// <summary>An offline settlement as the card records it.</summary>
/// <param name="TerminalId">The settling terminal.</param>
/// <param name="At">When.</param>
/// <param name="AccountFen">Paid from the personal account (the card's medical purse).</param>
/// <param name="SelfPayFen">Paid by the holder.</param>
/// <param name="PooledFen">Paid by the pooled fund.</param>
public sealed record OfflineCardEntry(string TerminalId, DateTimeOffset At, long AccountFen, long SelfPayFen, long PooledFen);

/// <summary>The card's proof of an offline settlement, kept in the journal for the centre.</summary>
/// <param name="Tac">The transaction authentication code of the purse debit.</param>
/// <param name="TransactionCounter">The purse's transaction counter after the debit.</param>
public sealed record OfflineCardProof(ReadOnlyMemory<byte> Tac, ReadOnlyMemory<byte> TransactionCounter);

/// <summary>The card left (or stopped answering) after its debit was sent: it may hold the settlement or not.</summary>
public sealed class CardWriteUncertainException : SettlementException
{
    /// <summary>Creates the error with its cause.</summary>
    public CardWriteUncertainException(string message, Exception innerException) : base(message, innerException) { }
}
