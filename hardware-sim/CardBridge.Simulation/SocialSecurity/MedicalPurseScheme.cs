using CardBridge.Crypto;
using CardBridge.Simulation.Keys;
using CardBridge.Simulation.Transit;

namespace CardBridge.Simulation.SocialSecurity;

/// <summary>
/// The keys of the DF04 medical purse, shared by the simulated card and the simulated PSAM. The purchase itself is
/// the PBOC e-purse scheme of <see cref="PurseScheme"/> (session key, MAC1, MAC2, TAC); what differs is where the
/// keys come from:
/// <list type="bullet">
/// <item>the card's purchase key and TAC key are the medical purse master keys diversified with the card's two factors
/// (<see cref="CardKeyFactors"/>, from the card identification code), like every other social security card key
/// (一卡一密), not with a purse application serial;</item>
/// <item>CardBridge extension: the settlement's split — self-pay4 ‖ pooled4, big-endian fen, sent in INITIALIZE FOR
/// PURCHASE — diversifies both keys once more for that purchase. MAC1, MAC2 and the TAC therefore verify only for the
/// split the card records in EF08, without changing the standard MAC inputs (the spec is silent on the split).</item>
/// </list>
/// </summary>
internal static class MedicalPurseScheme
{
    /// <summary>Length of the split (self-pay4 ‖ pooled4), one diversification factor.</summary>
    public const int SplitLength = KeyDiversification.FactorLength;

    /// <summary>The card's key diversified from <paramref name="masterKey"/> with its identification code's factors.</summary>
    public static byte[] CardKey(CardAlgorithm algorithm, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> cardIdentificationCode) =>
        KeyDiversification.Diversify(algorithm, masterKey, CardKeyFactors.For(cardIdentificationCode));

    /// <summary>The key one purchase uses: the card's key diversified by the purchase's split.</summary>
    public static byte[] PurchaseKey(CardAlgorithm algorithm, ReadOnlySpan<byte> cardKey, ReadOnlySpan<byte> split) =>
        KeyDiversification.Diversify(algorithm, cardKey, split);

    /// <summary>The 8-byte split of a settlement.</summary>
    public static byte[] Split(uint selfPayFen, uint pooledFen) => [.. PurseScheme.Be32(selfPayFen), .. PurseScheme.Be32(pooledFen)];
}
