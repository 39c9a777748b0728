namespace CardBridge.Qr;

/// <summary>A signature of the code does not verify; <see cref="Link"/> says which link of the chain failed.</summary>
public sealed class QrBadSignatureException : QrRejectedException
{
    /// <summary>Creates the error for the failed <paramref name="link"/>.</summary>
    public QrBadSignatureException(QrSignatureLink link)
        : base($"the {link} signature of the code does not verify")
    {
        Link = link;
    }

    /// <summary>The first link of the chain that failed.</summary>
    public QrSignatureLink Link { get; }

    /// <inheritdoc />
    public override QrErrorReason Reason => QrErrorReason.BadSignature;
}
