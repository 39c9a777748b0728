using CardBridge.Iso7816;

namespace CardBridge.Cards.Medical;

/// <summary>
/// Proves the holder's PIN to the card (VERIFY) before the PIN-protected DF04 files are read or written. The PIN
/// workflow (host entry, PC/SC secure PIN entry) implements it; the medical application only asks for it.
/// </summary>
public interface ICardholderVerifier
{
    /// <summary>Makes sure the card counts the holder as verified; throws <see cref="WrongPinException"/> or <see cref="PinBlockedException"/> when it cannot.</summary>
    Task VerifyAsync(ICardChannel card, CancellationToken cancellationToken);
}
