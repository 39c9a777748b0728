namespace CardBridge.Transit.Gate;

/// <summary>
/// The card left the reader before the gate could decide. Nothing is journaled; if it left after its purse was
/// debited, the purchase stays pending and the next tap of the same card proves it (charged once). The gate should
/// ask the rider to tap again.
/// </summary>
public sealed class TapInterruptedException : TransitException
{
    /// <summary>Creates the error with its cause.</summary>
    public TapInterruptedException(string message, Exception innerException) : base(message, innerException) { }
}
