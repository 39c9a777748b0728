namespace CardBridge.Journal.Calls;

/// <summary>
/// One settle, reverse or hospital visit call as stored in <c>settlement_calls</c> (in the journal's file, so an offline settle's
/// record and its call commit in one transaction). Keyed by client and idempotency key; no personal data.
/// </summary>
/// <param name="ClientId">The calling client.</param>
/// <param name="Key">The client's idempotency key.</param>
/// <param name="Operation"><see cref="Settle"/> or <see cref="Reverse"/>.</param>
/// <param name="RequestHash">The hash of the request the key was first used for.</param>
/// <param name="Completed">True once the call's outcome is stored; false while it runs (or a process died in it).</param>
/// <param name="CreatedAtMs">When the call began (Unix milliseconds).</param>
/// <param name="HolderKey">The holder's pseudonym, for per-card caps and history.</param>
/// <param name="Scenario">The settlement scenario as the settlement layer numbers it; the journal keeps it as given.</param>
/// <param name="TotalFen">The bill's total (a reversal: what it gave back).</param>
/// <param name="RecordId">The UUID an offline journal record of this call gets.</param>
public sealed record SettlementCall(
    string ClientId,
    string Key,
    string Operation,
    byte[] RequestHash,
    bool Completed,
    long CreatedAtMs,
    string HolderKey,
    int Scenario,
    long TotalFen,
    Guid RecordId)
{
    /// <summary>The operation of a settle call.</summary>
    public const string Settle = "settle";

    /// <summary>The operation of a reverse call.</summary>
    public const string Reverse = "reverse";

    /// <summary>
    /// The operation of a hospital visit call that changes the centre's books (registration, admission, fee batch,
    /// discharge, their cancellations): its transaction code is <see cref="InfNo"/>.
    /// </summary>
    public const string Visit = "visit";

    /// <summary>A reversal's target: the idempotency key of the settlement it undoes.</summary>
    public string? TargetKey { get; init; }

    /// <summary>The centre message id the call was (or is about to be) sent under.</summary>
    public string? MsgId { get; init; }

    /// <summary>The centre's person number.</summary>
    public string? PersonNo { get; init; }

    /// <summary>True when the settlement was made offline (in the journal).</summary>
    public bool Offline { get; init; }

    /// <summary>The centre's settlement id.</summary>
    public string? SettlementId { get; init; }

    /// <summary>The sequence of the call's offline journal record.</summary>
    public long? JournalSequence { get; init; }

    /// <summary>How the bill was split (a reversal: what was given back).</summary>
    public PaymentSplit Amounts { get; init; }

    /// <summary>The personal account balance after, when the centre said.</summary>
    public long? BalanceAfterFen { get; init; }

    /// <summary>When the call completed (Unix milliseconds).</summary>
    public long? CompletedAtMs { get; init; }

    /// <summary>True when the card holds the offline settlement with its proof.</summary>
    public bool CardWritten { get; init; }

    /// <summary>The idempotency key of the reversal that undid this settlement.</summary>
    public string? ReversedBy { get; init; }

    /// <summary>The transaction code of a <see cref="Visit"/> call (what its reversal names); null for a settle or reverse.</summary>
    public string? InfNo { get; init; }

    /// <summary>The person's own insured area the call went under (<c>insuplc_admdvs</c>); null in journals from before it was kept.</summary>
    public string? InsuredArea { get; init; }

    /// <summary>The hospital visit the call belongs to (or opened), when any.</summary>
    public string? VisitId { get; init; }

    /// <summary>How the centre itemised a settlement, when it did.</summary>
    public SettlementBreakdown? Breakdown { get; init; }
}
