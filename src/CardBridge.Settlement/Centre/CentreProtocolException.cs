namespace CardBridge.Settlement.Centre;

/// <summary>The centre's answer could not be understood: not JSON, missing or mistyped fields, inconsistent amounts, unexpected HTTP status.</summary>
public sealed class CentreProtocolException : SettlementException
{
    /// <summary>Creates the error.</summary>
    public CentreProtocolException(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    public CentreProtocolException(string message, Exception innerException) : base(message, innerException) { }
}
