namespace CardBridge.Iso7816;

/// <summary>Base of every error raised by the ISO 7816 layer.</summary>
public class Iso7816Exception : Exception
{
    /// <summary>Creates the error with a message.</summary>
    public Iso7816Exception(string message) : base(message) { }

    /// <summary>Creates the error with a message and the error that caused it.</summary>
    public Iso7816Exception(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>Bytes that do not form a valid command or response APDU.</summary>
public sealed class ApduFormatException : Iso7816Exception
{
    /// <summary>Creates the error with a message.</summary>
    public ApduFormatException(string message) : base(message) { }
}

/// <summary>The card did not answer (no response bytes, or the transport gave up waiting).</summary>
public sealed class CardMuteException : Iso7816Exception
{
    /// <summary>Creates the error with a message.</summary>
    public CardMuteException(string message) : base(message) { }
}

/// <summary>The card left the reader before or during the command.</summary>
public sealed class CardRemovedException : Iso7816Exception
{
    /// <summary>Creates the error with a message.</summary>
    public CardRemovedException(string message) : base(message) { }

    /// <summary>Creates the error with a message and the transport error that revealed it.</summary>
    public CardRemovedException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>The card answered with a status word the caller treats as failure.</summary>
public sealed class StatusWordException : Iso7816Exception
{
    /// <summary>Creates the error for a status word, naming the command that got it.</summary>
    public StatusWordException(StatusWord statusWord, string command)
        : base($"{command} failed: {statusWord}")
    {
        StatusWord = statusWord;
    }

    /// <summary>The status word the card returned.</summary>
    public StatusWord StatusWord { get; }
}
