namespace CardBridge.Qr;

/// <summary>The base of every failure the QR layer reports; one subclass per failure a caller handles differently.</summary>
public class QrException : Exception
{
    /// <summary>Creates the error.</summary>
    public QrException(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    public QrException(string message, Exception innerException) : base(message, innerException) { }
}
