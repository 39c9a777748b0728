namespace CardBridge.Journal;

/// <summary>One stored record, without its personal fields (read those with <see cref="OfflineJournal.ReadPersonalAsync"/>).</summary>
/// <param name="Sequence">Position in the journal: 1, 2, 3… without gaps.</param>
/// <param name="Id">The record's UUID, the centre-side idempotency key.</param>
/// <param name="CreatedAt">When it was appended (millisecond precision).</param>
/// <param name="TerminalId">The terminal that made the transaction.</param>
/// <param name="Kind">What the record is for.</param>
/// <param name="Amounts">The money, in fen.</param>
/// <param name="LineItemHash">The hash of the bill's line items.</param>
/// <param name="CardTac">The card's TAC.</param>
/// <param name="CardTransactionCounter">The card's transaction counter.</param>
/// <param name="Status">The upload state.</param>
public sealed record JournalRecord(
    long Sequence,
    Guid Id,
    DateTimeOffset CreatedAt,
    string TerminalId,
    JournalKind Kind,
    PaymentSplit Amounts,
    ReadOnlyMemory<byte> LineItemHash,
    ReadOnlyMemory<byte> CardTac,
    ReadOnlyMemory<byte> CardTransactionCounter,
    JournalStatus Status);
