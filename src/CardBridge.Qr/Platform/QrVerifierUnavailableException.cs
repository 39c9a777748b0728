namespace CardBridge.Qr.Platform;

/// <summary>
/// The code could not be verified because the platform is unusable (<c>QR_VERIFIER_UNAVAILABLE</c>): down, too slow,
/// an HTTP error, an answer that is not the protocol, or no platform configured. Says nothing about the code itself.
/// </summary>
public sealed class QrVerifierUnavailableException(QrVerifierFailure failure, string message, Exception? innerException = null)
    : QrException(message, innerException)
{
    /// <summary>What went wrong with the platform.</summary>
    public QrVerifierFailure Failure { get; } = failure;

    /// <summary>The HTTP status the platform answered with, for <see cref="QrVerifierFailure.HttpError"/>.</summary>
    public int? HttpStatus { get; init; }
}
