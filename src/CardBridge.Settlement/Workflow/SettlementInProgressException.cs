namespace CardBridge.Settlement.Workflow;

/// <summary>A call with the same idempotency key is running right now; ask again when it has answered.</summary>
public sealed class SettlementInProgressException(string idempotencyKey)
    : SettlementException($"A call with idempotency key {idempotencyKey} is still running.")
{
    /// <summary>The key.</summary>
    public string IdempotencyKey { get; } = idempotencyKey;
}
