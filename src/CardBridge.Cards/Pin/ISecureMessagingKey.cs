using CardBridge.Cards.Authentication;

namespace CardBridge.Cards.Pin;

/// <summary>
/// The key authority side of secure messaging (DESIGN §8: CLA low nibble 4, 4-byte MAC over header ‖ data, session
/// key from the card challenge). The scheme, shared with the simulator:
/// <list type="number">
/// <item>session key SK = the card's key diversified once more with the 8-byte card challenge
/// (<c>KeyDiversification.SessionKey</c>: the same step as a diversification level);</item>
/// <item>MAC = first 4 bytes of the CBC-MAC with the card cipher under SK (zero IV, every block fully enciphered,
/// ISO/IEC 9797-1 MAC algorithm 1) over header ‖ data padded with <c>80 00…</c> to the block size
/// (8 bytes 3DES, 16 bytes SM4).</item>
/// </list>
/// The header carries the final Lc (data + 4 MAC bytes). The card key is RKSSSE (PSAM usage 28): the simulated card
/// has no dedicated PIN-reload key, a real layout names its own usage code.
/// </summary>
public interface ISecureMessagingKey
{
    /// <summary>The 4-byte MAC of <paramref name="headerAndData"/> under the session key of <paramref name="challenge"/>.</summary>
    Task<byte[]> MacAsync(CardKeyContext context, ReadOnlyMemory<byte> challenge, ReadOnlyMemory<byte> headerAndData, CancellationToken cancellationToken);
}
