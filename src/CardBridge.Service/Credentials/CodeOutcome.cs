using CardBridge.Qr;

namespace CardBridge.Service.Credentials;

/// <summary>How the verification of one scan ended: a credential, or the error that refused the code.</summary>
internal sealed record CodeOutcome
{
    private CodeOutcome(CodeKind kind, CodeCredentialRecord? credential, QrException? error)
    {
        Kind = kind;
        Credential = credential;
        Error = error;
    }

    /// <summary>What the text was recognised as (<see cref="CodeKind.Unrecognised"/> for a malformed text).</summary>
    public CodeKind Kind { get; }

    /// <summary>The credential of an accepted code; null when refused.</summary>
    public CodeCredentialRecord? Credential { get; }

    /// <summary>
    /// Why the code was refused: a <see cref="QrRejectedException"/> (malformed, expired, bad signature, replayed, unknown
    /// issuer) or a <see cref="Qr.Platform.QrVerifierUnavailableException"/>; null when accepted.
    /// </summary>
    public QrException? Error { get; }

    public static CodeOutcome Accepted(CodeCredentialRecord credential) => new(credential.Kind, credential, null);

    public static CodeOutcome Refused(CodeKind kind, QrException error) => new(kind, null, error);
}
