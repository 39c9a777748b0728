namespace CardBridge.Settlement.Workflow;

/// <summary>The centre cannot be reached and the settlement is outside what this terminal may do offline; nothing was settled.</summary>
public sealed class OfflineLimitExceededException(OfflineLimit limit, string message, Exception? innerException = null)
    : SettlementException(message, innerException)
{
    /// <summary>The rule that refused it.</summary>
    public OfflineLimit Limit { get; } = limit;
}
