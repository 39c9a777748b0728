namespace CardBridge.Qr.Platform;

/// <summary>Verifies an online-verified code with the platform that issued it and returns its holder.</summary>
public interface IQrVerifier
{
    /// <summary>
    /// Asks the platform for the holder of <paramref name="code"/>. A code is single use: once this returns, the same
    /// code is refused as <see cref="PlatformQrRejectedException.Used"/>.
    /// </summary>
    /// <exception cref="PlatformQrRejectedException">The platform refused the code (expired, used, unknown, malformed).</exception>
    /// <exception cref="QrVerifierUnavailableException">The platform could not be used (down, timeout, HTTP error, malformed answer, not configured).</exception>
    /// <exception cref="ArgumentException"><paramref name="context"/> has a field out of range.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<PlatformQrCredential> VerifyAsync(PlatformQrCode code, QrVerifyContext context, CancellationToken cancellationToken);
}
