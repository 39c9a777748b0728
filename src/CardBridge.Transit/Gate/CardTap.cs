using CardBridge.Cards.Identity;
using CardBridge.Iso7816;

namespace CardBridge.Transit.Gate;

/// <summary>A card presented at a gate: the connected card, its answer to reset, and the gate's PSAM.</summary>
/// <param name="Card">The card in the gate's contactless reader, connected.</param>
/// <param name="Atr">The card's answer to reset.</param>
/// <param name="Psam">The PSAM of the gate (card authentication for the holder file, purchase MACs).</param>
/// <param name="PreRead">
/// The identity the terminal already read from this card when it arrived, authenticated with this same PSAM (so a
/// forged card never got this far); the gate then sends the card only the purse commands. Null: the gate reads it.
/// </param>
public sealed record CardTap(ICardChannel Card, ReadOnlyMemory<byte> Atr, ICardChannel Psam, IdentityReadResult? PreRead = null);
