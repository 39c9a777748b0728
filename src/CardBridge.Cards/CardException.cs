using CardBridge.Iso7816;

namespace CardBridge.Cards;

/// <summary>Base of every error the social security card layer raises; one derived type per failure a caller handles differently.</summary>
public class CardException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The card in the reader is not a social security card (no SSSE environment, or an unknown generation).</summary>
public sealed class NotASocialSecurityCardException(string message) : CardException(message);

/// <summary>The card failed the genuineness check (internal or external authentication did not verify).</summary>
public sealed class CardNotGenuineException(string message) : CardException(message);

/// <summary>The card is outside its validity period.</summary>
public sealed class CardExpiredException(DateOnly expiry) : CardException($"card expired on {expiry:yyyy-MM-dd}")
{
    /// <summary>The expiry date the card carries.</summary>
    public DateOnly Expiry { get; } = expiry;
}

/// <summary>The PIN was wrong; <see cref="TriesLeft"/> attempts remain before the card blocks it.</summary>
public sealed class WrongPinException(int triesLeft) : CardException($"wrong PIN, {triesLeft} tries left")
{
    /// <summary>Attempts left before the PIN blocks.</summary>
    public int TriesLeft { get; } = triesLeft;
}

/// <summary>The PIN is blocked (6983); only an unblock (reload) with the issuer's key frees it.</summary>
public sealed class PinBlockedException(string message) : CardException(message);

/// <summary>
/// The card answered with data that do not follow the card specification (malformed TLV, bad BCD, impossible date);
/// the parser error behind it, if any, is the inner exception.
/// </summary>
public sealed class CardDataException(string message, Exception? innerException = null) : CardException(message, innerException);

/// <summary>A card command failed with a status word the workflow cannot continue from.</summary>
public sealed class CardCommandException(string command, StatusWord statusWord) : CardException($"{command}: {statusWord}")
{
    /// <summary>What the terminal was doing (e.g. "READ RECORD EF05/1").</summary>
    public string Command { get; } = command;

    /// <summary>The status word the card returned.</summary>
    public StatusWord StatusWord { get; } = statusWord;
}
