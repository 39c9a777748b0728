namespace CardBridge.Cards.Transit;

/// <summary>What the terminal contributes to a purchase besides the amount; the terminal id comes from the PSAM.</summary>
/// <param name="Time">Local transaction time, sent to the card as BCD YYYYMMDDhhmmss.</param>
/// <param name="KeyIndex">The purchase key index named in INITIALIZE FOR PURCHASE.</param>
public sealed record PurchaseContext(DateTime Time, byte KeyIndex = 0x01);
