namespace CardBridge.Settlement.Workflow;

/// <summary>The centre cannot be reached and the settlement is outside what this terminal may do offline; nothing was settled.</summary>
public sealed class OfflineLimitExceededException : SettlementException
{
    /// <summary>Creates the error.</summary>
    public OfflineLimitExceededException(OfflineLimit limit, string message) : base(message) => Limit = limit;

    /// <summary>Creates the error with its cause.</summary>
    public OfflineLimitExceededException(OfflineLimit limit, string message, Exception innerException)
        : base(message, innerException) => Limit = limit;

    /// <summary>The rule that refused it.</summary>
    public OfflineLimit Limit { get; }
}
