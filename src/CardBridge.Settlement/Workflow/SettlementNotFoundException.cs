namespace CardBridge.Settlement.Workflow;

/// <summary>No completed settlement of this client has the idempotency key named.</summary>
public sealed class SettlementNotFoundException(string idempotencyKey)
    : SettlementException($"No completed settlement has idempotency key {idempotencyKey}.")
{
    /// <summary>The key.</summary>
    public string IdempotencyKey { get; } = idempotencyKey;
}
