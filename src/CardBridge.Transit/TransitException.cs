namespace CardBridge.Transit;

/// <summary>The base of every failure the transit layer reports; one subclass per failure a caller handles differently.</summary>
public class TransitException : Exception
{
    /// <summary>Creates the error.</summary>
    public TransitException(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    public TransitException(string message, Exception innerException) : base(message, innerException) { }
}
