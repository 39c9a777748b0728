namespace CardBridge.Crypto;

/// <summary>
/// Base of every error the crypto layer raises for a runtime condition a caller handles (an algorithm
/// the terminal cannot run). Malformed arguments — a key, IV, factor or data block of the wrong length,
/// a public key that is not a point on the curve — are programming errors and raise
/// <see cref="ArgumentException"/> instead, naming the parameter and the length expected.
/// </summary>
public class CryptoException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// The card (or its FCI) names an algorithm this layer does not implement: SSF33, whose specification is
/// not public, or an algorithm identifier outside <see cref="CardAlgorithm"/>. Callers fall back to a PSAM
/// or the remote HSM.
/// </summary>
public sealed class CryptoNotSupportedException(CardAlgorithm algorithm)
    : CryptoException($"card algorithm {Describe(algorithm)} is not supported by the terminal's crypto layer")
{
    /// <summary>The algorithm that was asked for.</summary>
    public CardAlgorithm Algorithm { get; } = algorithm;

    private static string Describe(CardAlgorithm algorithm) =>
        Enum.IsDefined(algorithm) ? algorithm.ToString() : $"0x{(byte)algorithm:X2}";
}
