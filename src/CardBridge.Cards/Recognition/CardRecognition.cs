using CardBridge.Crypto;

namespace CardBridge.Cards.Recognition;

/// <summary>The outcome of recognising a card: its generation, or why it is not a social security card.</summary>
/// <param name="Generation">The generation, or <see cref="CardGeneration.NotSocialSecurityCard"/>.</param>
/// <param name="SpecVersion">EF05 tag 03 ("3.00", "2.00", "1.00"); null when not a social security card.</param>
/// <param name="Algorithm">The SSSE's algorithm from its FCI (tag 86); null when not a social security card.</param>
/// <param name="AtrHistoricalBytes">The historical bytes of the ATR (empty when the ATR could not be decoded).</param>
/// <param name="Reason">Why the card is not a social security card; null when it is one.</param>
public sealed record CardRecognition(
    CardGeneration Generation,
    string? SpecVersion,
    CardAlgorithm? Algorithm,
    ReadOnlyMemory<byte> AtrHistoricalBytes,
    string? Reason)
{
    /// <summary>True for a first-, second- or third-generation social security card.</summary>
    public bool IsSocialSecurityCard => Generation != CardGeneration.NotSocialSecurityCard;

    internal static CardRecognition NotSocialSecurityCard(ReadOnlyMemory<byte> historicalBytes, string reason) =>
        new(CardGeneration.NotSocialSecurityCard, null, null, historicalBytes, reason);
}
