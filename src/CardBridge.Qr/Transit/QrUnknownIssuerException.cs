namespace CardBridge.Qr;

/// <summary>The code names a root key index this terminal has no key for, or an issuer it does not accept.</summary>
public sealed class QrUnknownIssuerException : QrRejectedException
{
    /// <summary>Creates the error; <paramref name="message"/> names the root index or issuer id (not personal data).</summary>
    public QrUnknownIssuerException(string message) : base(message) { }

    /// <inheritdoc />
    public override QrErrorReason Reason => QrErrorReason.UnknownIssuer;
}
