namespace CardBridge.Qr;

/// <summary>
/// The scanned text is not a code of a kind the terminal accepts (wrong scheme, length or characters): <c>QR_MALFORMED</c>.
/// Nothing was sent anywhere; the message never contains the scanned text.
/// </summary>
public class QrMalformedException : QrException
{
    /// <summary>Creates the error.</summary>
    public QrMalformedException(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    public QrMalformedException(string message, Exception innerException) : base(message, innerException) { }
}
