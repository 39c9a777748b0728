namespace CardBridge.Transit.Eligibility;

/// <summary>A rider list file cannot be read or is not a valid list document; the lists in use are unchanged.</summary>
public sealed class RiderListException : TransitException
{
    /// <summary>Creates the error.</summary>
    public RiderListException(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    public RiderListException(string message, Exception innerException) : base(message, innerException) { }
}
