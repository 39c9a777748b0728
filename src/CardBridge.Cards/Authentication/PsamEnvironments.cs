using CardBridge.Crypto;

namespace CardBridge.Cards.Authentication;

/// <summary>
/// The PSAM's key environments by card algorithm, selected by name before any key of theirs is used:
/// "sx1.sh.社会保障" for 3DES cards, "sx2.sh.社会保障" for SM4 cards.
/// </summary>
internal static class PsamEnvironments
{
    private static readonly ReadOnlyMemory<byte> Des = Convert.FromHexString("7378312E73682EC9E7BBE1B1A3D5CF");
    private static readonly ReadOnlyMemory<byte> Sm = Convert.FromHexString("7378322E73682EC9E7BBE1B1A3D5CF");

    /// <summary>The environment's name (AID) for cards of <paramref name="algorithm"/>; null when the PSAM has none for it.</summary>
    public static ReadOnlyMemory<byte>? Of(CardAlgorithm algorithm) => algorithm switch
    {
        CardAlgorithm.Des3 => Des,
        CardAlgorithm.Sm4 => Sm,
        _ => null,
    };
}
