namespace CardBridge.Iso7816;

/// <summary>Base of every error raised by the ISO 7816 layer.</summary>
public class Iso7816Exception(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>Bytes that do not form a valid command or response APDU.</summary>
public sealed class ApduFormatException(string message) : Iso7816Exception(message);

/// <summary>The card did not answer (no response bytes, or the transport gave up waiting).</summary>
public sealed class CardMuteException(string message) : Iso7816Exception(message);

/// <summary>The card left the reader before or during the command; the transport error that revealed it, if any, is the inner exception.</summary>
public sealed class CardRemovedException(string message, Exception? innerException = null) : Iso7816Exception(message, innerException);

/// <summary>The card answered with a status word the caller treats as failure.</summary>
public sealed class StatusWordException(StatusWord statusWord, string command) : Iso7816Exception($"{command} failed: {statusWord}")
{
    /// <summary>The status word the card returned.</summary>
    public StatusWord StatusWord { get; } = statusWord;
}
