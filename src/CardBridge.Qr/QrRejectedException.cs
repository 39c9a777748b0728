namespace CardBridge.Qr;

/// <summary>
/// A scanned code was refused; <see cref="Reason"/> says why, so one mapping in the service can turn every
/// refusal into its gRPC error reason. Catch the subclasses to handle one case differently.
/// </summary>
public abstract class QrRejectedException : QrException
{
    /// <summary>Creates the error.</summary>
    protected QrRejectedException(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    protected QrRejectedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Why the code was refused.</summary>
    public abstract QrErrorReason Reason { get; }
}
