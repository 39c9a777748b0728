namespace CardBridge.Settlement;

/// <summary>The base of every failure the settlement layer reports; one subclass per failure a caller handles differently.</summary>
public class SettlementException : Exception
{
    /// <summary>Creates the error.</summary>
    public SettlementException(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    public SettlementException(string message, Exception innerException) : base(message, innerException) { }
}
