namespace CardBridge.Qr;

/// <summary>The scanned text or bytes are not a well-formed code: wrong encoding, length, version or field value.</summary>
public sealed class QrMalformedException : QrRejectedException
{
    /// <summary>Creates the error; <paramref name="message"/> names the field, never its value.</summary>
    public QrMalformedException(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    public QrMalformedException(string message, Exception innerException) : base(message, innerException) { }

    /// <inheritdoc />
    public override QrErrorReason Reason => QrErrorReason.Malformed;
}
