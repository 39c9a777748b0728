namespace CardBridge.Qr;

/// <summary>The base of every failure the QR layer reports; one subclass per failure a caller handles differently.</summary>
public class QrException(string message, Exception? innerException = null) : Exception(message, innerException);
