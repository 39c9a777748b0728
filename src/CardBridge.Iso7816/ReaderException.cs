namespace CardBridge.Iso7816;

/// <summary>
/// The reader, or the service that runs it, failed a request: the failure is the reader stack's, not an answer of
/// the card. A transport raises it instead of its own errors (PC/SC return codes stop in the terminal's transport);
/// <see cref="Code"/> keeps the reader stack's name for the failure so messages stay informative.
/// </summary>
public class ReaderException(string code, string message, Exception innerException) : Iso7816Exception(message, innerException)
{
    /// <summary>The reader stack's name for the failure, e.g. <c>SCARD_E_READER_UNAVAILABLE</c>.</summary>
    public string Code { get; } = code;
}

/// <summary>
/// The service that runs the readers is gone or was restarted (PC/SC: NO_SERVICE, SERVICE_STOPPED, INVALID_HANDLE,
/// F_COMM_ERROR): connections made before are dead, a new one may work once the service is back.
/// </summary>
public sealed class ReaderServiceLostException(string code, string message, Exception innerException) : ReaderException(code, message, innerException);

/// <summary>
/// The card's connection was reset under the terminal: another program reset the card (PC/SC W_RESET_CARD), or the
/// card left and the reader said so outside a command (W_REMOVED_CARD, E_NO_SMARTCARD on a reconnect or a reader
/// control; a command reports <see cref="CardRemovedException"/>). The card's selected application and security
/// state are gone.
/// </summary>
public sealed class CardResetException(string code, string message, Exception innerException) : ReaderException(code, message, innerException);
