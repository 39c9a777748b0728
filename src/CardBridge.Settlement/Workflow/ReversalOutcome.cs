using CardBridge.Journal;

namespace CardBridge.Settlement.Workflow;

/// <summary>A reversed (cancelled) settlement; a repeated idempotency key gets it again.</summary>
/// <param name="IdempotencyKey">The reversal's key.</param>
/// <param name="SettlementKey">The idempotency key of the settlement it undid.</param>
/// <param name="SettlementId">The centre's id of the cancelled settlement.</param>
/// <param name="Refunded">What was given back.</param>
/// <param name="ReversedAt">When it completed.</param>
public sealed record ReversalOutcome(string IdempotencyKey, string SettlementKey, string SettlementId, PaymentSplit Refunded, DateTimeOffset ReversedAt)
{
    /// <summary>True when this answer repeats the first one for the same idempotency key.</summary>
    public bool Replayed { get; init; }
}
