using CardBridge.Journal;

namespace CardBridge.Settlement.Workflow;

/// <summary>A completed settlement, online at the centre or offline in the journal; a repeated idempotency key gets it again.</summary>
/// <param name="IdempotencyKey">The caller's key; empty in another client's account query.</param>
/// <param name="Offline">True when it was settled offline (journal, and card when written).</param>
/// <param name="Amounts">How the bill was split (offline: all from the personal account).</param>
/// <param name="SettledAt">When it completed.</param>
public sealed record SettlementOutcome(string IdempotencyKey, bool Offline, PaymentSplit Amounts, DateTimeOffset SettledAt)
{
    /// <summary>The centre's settlement id (online only).</summary>
    public string? SettlementId { get; init; }

    /// <summary>The centre message id the settle was sent under (online only).</summary>
    public string? MsgId { get; init; }

    /// <summary>The account balance after, when the centre said (online only).</summary>
    public long? AccountBalanceAfterFen { get; init; }

    /// <summary>The journal sequence (offline only).</summary>
    public long? JournalSequence { get; init; }

    /// <summary>The journal record's UUID, the centre-side key of the upload (offline only).</summary>
    public Guid? RecordId { get; init; }

    /// <summary>True when the card's DF04 log holds the settlement with its TAC (offline only).</summary>
    public bool CardWritten { get; init; }

    /// <summary>True when this answer repeats the first one for the same idempotency key.</summary>
    public bool Replayed { get; init; }

    /// <summary>How the centre itemised it (online, when it did).</summary>
    public SettlementBreakdown? Breakdown { get; init; }

    /// <summary>The idempotency key of the reversal that undid it, when it was reversed.</summary>
    public string? ReversedBy { get; init; }
}
