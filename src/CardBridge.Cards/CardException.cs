using CardBridge.Iso7816;

namespace CardBridge.Cards;

/// <summary>Base of every error the social security card layer raises; one derived type per failure a caller handles differently.</summary>
public class CardException : Exception
{
    /// <summary>Creates the error with a message.</summary>
    public CardException(string message) : base(message) { }

    /// <summary>Creates the error with a message and its cause.</summary>
    public CardException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>The card in the reader is not a social security card (no SSSE environment, or an unknown generation).</summary>
public sealed class NotASocialSecurityCardException : CardException
{
    /// <summary>Creates the error with a message.</summary>
    public NotASocialSecurityCardException(string message) : base(message) { }
}

/// <summary>The card failed the genuineness check (internal or external authentication did not verify).</summary>
public sealed class CardNotGenuineException : CardException
{
    /// <summary>Creates the error with a message.</summary>
    public CardNotGenuineException(string message) : base(message) { }
}

/// <summary>The card is outside its validity period.</summary>
public sealed class CardExpiredException : CardException
{
    /// <summary>Creates the error naming the card's expiry date.</summary>
    public CardExpiredException(DateOnly expiry) : base($"card expired on {expiry:yyyy-MM-dd}")
    {
        Expiry = expiry;
    }

    /// <summary>The expiry date the card carries.</summary>
    public DateOnly Expiry { get; }
}

/// <summary>The PIN was wrong; <see cref="TriesLeft"/> attempts remain before the card blocks it.</summary>
public sealed class WrongPinException : CardException
{
    /// <summary>Creates the error with the card's retry counter.</summary>
    public WrongPinException(int triesLeft) : base($"wrong PIN, {triesLeft} tries left")
    {
        TriesLeft = triesLeft;
    }

    /// <summary>Attempts left before the PIN blocks.</summary>
    public int TriesLeft { get; }
}

/// <summary>The PIN is blocked (6983); only an unblock (reload) with the issuer's key frees it.</summary>
public sealed class PinBlockedException : CardException
{
    /// <summary>Creates the error with a message.</summary>
    public PinBlockedException(string message) : base(message) { }
}

/// <summary>The card answered with data that do not follow the card specification (malformed TLV, bad BCD, impossible date).</summary>
public sealed class CardDataException : CardException
{
    /// <summary>Creates the error with a message.</summary>
    public CardDataException(string message) : base(message) { }

    /// <summary>Creates the error with a message and the parser error behind it.</summary>
    public CardDataException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A card command failed with a status word the workflow cannot continue from.</summary>
public sealed class CardCommandException : CardException
{
    /// <summary>Creates the error for a command and the status word it got.</summary>
    public CardCommandException(string command, StatusWord statusWord) : base($"{command}: {statusWord}")
    {
        Command = command;
        StatusWord = statusWord;
    }

    /// <summary>What the terminal was doing (e.g. "READ RECORD EF05/1").</summary>
    public string Command { get; }

    /// <summary>The status word the card returned.</summary>
    public StatusWord StatusWord { get; }
}
