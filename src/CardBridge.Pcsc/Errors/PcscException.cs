namespace CardBridge.Pcsc;

/// <summary>
/// A PC/SC call failed. Carries the return code and its symbolic name; the derived types mark the failures a
/// caller handles differently. Create instances for a return code with <see cref="FromCode"/>.
/// </summary>
public class PcscException : Exception
{
    /// <summary>Creates the error for a return code and the PC/SC function that returned it.</summary>
    public PcscException(PcscErrorCode code, string operation)
        : base($"{operation} failed: {PcscErrorNames.Of(code)} (0x{(uint)code:X8})")
    {
        Code = code;
        Operation = operation;
    }

    /// <summary>The PC/SC return code.</summary>
    public PcscErrorCode Code { get; }

    /// <summary>The return code's name as the C headers spell it, e.g. <c>SCARD_W_REMOVED_CARD</c>.</summary>
    public string CodeName => PcscErrorNames.Of(Code);

    /// <summary>The PC/SC function that failed, e.g. <c>SCardTransmit</c>.</summary>
    public string Operation { get; }

    /// <summary>
    /// The exception for a return code: <see cref="PcscServiceUnavailableException"/> for NO_SERVICE,
    /// SERVICE_STOPPED, INVALID_HANDLE and F_COMM_ERROR, <see cref="PcscTimeoutException"/>,
    /// <see cref="PcscCancelledException"/>, <see cref="PcscNoReadersException"/>,
    /// <see cref="PcscReaderUnavailableException"/>, <see cref="PcscSharingViolationException"/>,
    /// <see cref="PcscCardResetException"/>, <see cref="PcscCardAbsentException"/>; otherwise the base type.
    /// </summary>
    public static PcscException FromCode(PcscErrorCode code, string operation) => code switch
    {
        // DESIGN §11: after a daemon restart Linux answers INVALID_HANDLE and a blocked call COMM_ERROR; all
        // four mean "re-establish the context".
        PcscErrorCode.NoService or PcscErrorCode.ServiceStopped or PcscErrorCode.InvalidHandle or PcscErrorCode.CommError
            => new PcscServiceUnavailableException(code, operation),
        PcscErrorCode.Timeout => new PcscTimeoutException(code, operation),
        PcscErrorCode.Cancelled or PcscErrorCode.SystemCancelled => new PcscCancelledException(code, operation),
        PcscErrorCode.NoReadersAvailable => new PcscNoReadersException(code, operation),
        PcscErrorCode.ReaderUnavailable or PcscErrorCode.UnknownReader => new PcscReaderUnavailableException(code, operation),
        PcscErrorCode.SharingViolation => new PcscSharingViolationException(code, operation),
        PcscErrorCode.ResetCard => new PcscCardResetException(code, operation),
        PcscErrorCode.RemovedCard or PcscErrorCode.NoSmartcard => new PcscCardAbsentException(code, operation),
        _ => new PcscException(code, operation),
    };

    internal static void ThrowIfFailed(uint returnCode, string operation)
    {
        if (returnCode != 0)
        {
            throw FromCode((PcscErrorCode)returnCode, operation);
        }
    }
}

/// <summary>
/// The resource manager is gone or restarted (NO_SERVICE, SERVICE_STOPPED, INVALID_HANDLE, F_COMM_ERROR):
/// release the context and establish a new one, with backoff.
/// </summary>
public sealed class PcscServiceUnavailableException(PcscErrorCode code, string operation) : PcscException(code, operation);

/// <summary>The PC/SC call's own timeout expired (SCARD_E_TIMEOUT).</summary>
public sealed class PcscTimeoutException(PcscErrorCode code, string operation) : PcscException(code, operation);

/// <summary>The call was cancelled by SCardCancel or by the system (SCARD_E_CANCELLED, SCARD_E_SYSTEM_CANCELLED).</summary>
public sealed class PcscCancelledException(PcscErrorCode code, string operation) : PcscException(code, operation);

/// <summary>No reader is attached (SCARD_E_NO_READERS_AVAILABLE).</summary>
public sealed class PcscNoReadersException(PcscErrorCode code, string operation) : PcscException(code, operation);

/// <summary>The reader is gone or unknown (SCARD_E_READER_UNAVAILABLE, SCARD_E_UNKNOWN_READER).</summary>
public sealed class PcscReaderUnavailableException(PcscErrorCode code, string operation) : PcscException(code, operation);

/// <summary>Another connection holds the card in a conflicting mode (SCARD_E_SHARING_VIOLATION).</summary>
public sealed class PcscSharingViolationException(PcscErrorCode code, string operation) : PcscException(code, operation);

/// <summary>
/// The card was reset by another connection (SCARD_W_RESET_CARD): reconnect; card-side state (selected file,
/// secure messaging keys) is gone.
/// </summary>
public sealed class PcscCardResetException(PcscErrorCode code, string operation) : PcscException(code, operation);

/// <summary>
/// No card in the reader (SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD). <see cref="PcscCard"/>'s transmit
/// reports these as <c>CardBridge.Iso7816.CardRemovedException</c> instead, with this as the inner exception.
/// </summary>
public sealed class PcscCardAbsentException(PcscErrorCode code, string operation) : PcscException(code, operation);
