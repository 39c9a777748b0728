using CardBridge.Cards.Pin;
using CardBridge.Iso7816;

namespace CardBridge.Terminal;

/// <summary>What work queued on a card gets: the card, and the reader's control channel when it has one.</summary>
/// <param name="Channel">The card, with the ISO 7816 transmission rules.</param>
/// <param name="ReaderControl">The reader's control channel (its PIN pad); null when the reader offers none.</param>
public sealed record CardAccess(ICardChannel Channel, IReaderControl? ReaderControl);
