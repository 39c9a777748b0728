namespace CardBridge.Settlement.Workflow;

/// <summary>An idempotency key came back with a different request than the one it was first used for; nothing was done.</summary>
public sealed class IdempotencyKeyReusedException(string idempotencyKey)
    : SettlementException($"Idempotency key {idempotencyKey} was first used for a different request.")
{
    /// <summary>The key.</summary>
    public string IdempotencyKey { get; } = idempotencyKey;
}
