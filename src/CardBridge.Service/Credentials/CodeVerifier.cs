using CardBridge.Qr;
using CardBridge.Qr.Platform;
using CardBridge.Qr.Replay;
using CardBridge.Qr.Transit;
using Microsoft.Data.Sqlite;

namespace CardBridge.Service.Credentials;

/// <summary>
/// Turns a scanned text into a credential or the reason it is refused: e-voucher and e-SSC codes through their
/// platform (online, single use at the platform), transit codes by their signature chain against the configured roots
/// and then the replay cache (offline, single use here, across restarts). A kind of code with no verifier configured
/// is refused as an unknown issuer; a text that is no known code as malformed. Never throws for a bad code.
/// </summary>
internal sealed class CodeVerifier(
    IQrVerifier? platform,
    PlatformQrOptions? platformOptions,
    QrVerifyContext platformContext,
    TransitQrVerifier? transit,
    QrReplayCache? replay,
    TimeSpan credentialLifetime)
{
    /// <summary>Verifies <paramref name="text"/> scanned by <paramref name="scanner"/> at <paramref name="scannedAt"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<CodeOutcome> VerifyAsync(string scanner, string text, DateTimeOffset scannedAt, CancellationToken cancellationToken)
    {
        if (PlatformQrCode.TryParse(text, out var platformCode))
        {
            return await VerifyPlatformAsync(scanner, platformCode, scannedAt, cancellationToken);
        }
        TransitQrCode transitCode;
        try
        {
            transitCode = TransitQrParser.Parse(text);
        }
        catch (QrMalformedException)
        {
            return CodeOutcome.Refused(CodeKind.Unrecognised,
                new QrMalformedException("the scanned text is neither an e-voucher, an e-SSC nor a transit code"));
        }
        return await VerifyTransitAsync(scanner, transitCode, scannedAt, cancellationToken);
    }

    private async Task<CodeOutcome> VerifyPlatformAsync(string scanner, PlatformQrCode code, DateTimeOffset scannedAt, CancellationToken cancellationToken)
    {
        var kind = code.Type == PlatformQrCodeType.EVoucher ? CodeKind.EVoucher : CodeKind.SocialSecurityCard;
        if (platform is null || platformOptions?.EndpointFor(code.Type) is null)
        {
            return CodeOutcome.Refused(kind, new QrUnknownIssuerException($"this terminal has no platform for {kind} codes"));
        }
        try
        {
            var credential = await platform.VerifyAsync(code, platformContext, cancellationToken);
            return CodeOutcome.Accepted(Record(scanner, kind, scannedAt, credential, null));
        }
        catch (Exception e) when (e is QrRejectedException or QrVerifierUnavailableException)
        {
            return CodeOutcome.Refused(kind, (QrException)e);
        }
    }

    private async Task<CodeOutcome> VerifyTransitAsync(string scanner, TransitQrCode code, DateTimeOffset scannedAt, CancellationToken cancellationToken)
    {
        if (transit is null || replay is null)
        {
            return CodeOutcome.Refused(CodeKind.Transit, new QrUnknownIssuerException("this terminal accepts no transit codes"));
        }
        try
        {
            var credential = transit.Verify(code);
            // Only a code that verified is spent: a forged one cannot use up the holder's real code.
            await replay.ConsumeAsync(code.Bytes, credential.ExpiresAt, cancellationToken);
            return CodeOutcome.Accepted(Record(scanner, CodeKind.Transit, scannedAt, null, credential));
        }
        catch (QrRejectedException e)
        {
            return CodeOutcome.Refused(CodeKind.Transit, e);
        }
        catch (SqliteException e)
        {
            return CodeOutcome.Refused(CodeKind.Transit, new QrVerifierUnavailableException(QrVerifierFailure.Unreachable,
                "the replay cache cannot record the code, so it is not accepted", e));
        }
    }

    private CodeCredentialRecord Record(string scanner, CodeKind kind, DateTimeOffset scannedAt, PlatformQrCredential? platformCredential, TransitQrCredential? transitCredential) =>
        new(Guid.NewGuid(), scanner, kind, scannedAt, scannedAt + credentialLifetime, platformCredential, transitCredential);
}
