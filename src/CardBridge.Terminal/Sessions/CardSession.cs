using CardBridge.Cards.Identity;
using CardBridge.Cards.Recognition;

namespace CardBridge.Terminal;

/// <summary>
/// One card in one reader, recognised and pre-read at arrival (DESIGN §3): reading it costs no APDU. It stays
/// the same object for the card's whole stay; a new card, even the same one re-inserted, is a new session.
/// </summary>
public sealed class CardSession
{
    internal CardSession(Guid id, string reader, ReadOnlyMemory<byte> atr, CardRecognition recognition,
        IdentityReadResult? identity, Exception? identityError, DateTimeOffset readAt)
    {
        Id = id;
        Reader = reader;
        Atr = atr;
        Recognition = recognition;
        Identity = identity;
        IdentityError = identityError;
        ReadAt = readAt;
    }

    /// <summary>The session id clients quote.</summary>
    public Guid Id { get; }

    /// <summary>The reader holding the card.</summary>
    public string Reader { get; }

    /// <summary>The card's answer to reset.</summary>
    public ReadOnlyMemory<byte> Atr { get; }

    /// <summary>What kind of card it is (generation), or why it is not a social security card.</summary>
    public CardRecognition Recognition { get; }

    /// <summary>The identity pre-read at arrival; null when <see cref="IdentityError"/> prevented it.</summary>
    public IdentityReadResult? Identity { get; }

    /// <summary>
    /// The typed error that prevented the identity read: <see cref="Cards.NotASocialSecurityCardException"/>,
    /// <see cref="Cards.CardNotGenuineException"/>, <see cref="Cards.CardDataException"/>,
    /// <see cref="Iso7816.CardMuteException"/>…; null when <see cref="Identity"/> is set.
    /// </summary>
    public Exception? IdentityError { get; }

    /// <summary>
    /// The bank account reference pre-read at arrival, PAN whole (callers mask it for whoever may not see it); null when
    /// the pre-read does not take it (<see cref="CardTerminalOptions.PreReadBankAccount"/>) or could not.
    /// </summary>
    public Cards.Financial.BankAccountReference? BankAccount { get; internal init; }

    /// <summary>When the pre-read finished.</summary>
    public DateTimeOffset ReadAt { get; }

    /// <summary>Names the session without any personal data.</summary>
    public override string ToString() =>
        $"CardSession {Id} in {Reader}: {Recognition.Generation}, {(Identity is null ? IdentityError?.GetType().Name : "identity read")}";
}
