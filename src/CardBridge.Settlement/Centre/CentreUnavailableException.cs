namespace CardBridge.Settlement.Centre;

/// <summary>
/// The centre could not be used: connection refused or closed, timeout, HTTP 5xx, or the terminal is offline
/// (circuit open). Nothing was committed at the centre by the failed call; callers may go offline.
/// </summary>
public class CentreUnavailableException : SettlementException
{
    /// <summary>Creates the error.</summary>
    public CentreUnavailableException(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    public CentreUnavailableException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>True when the request surely never reached the centre (connection refused, circuit open).</summary>
    public bool NeverDelivered { get; init; }
}
