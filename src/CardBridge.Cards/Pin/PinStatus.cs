namespace CardBridge.Cards.Pin;

/// <summary>The PIN's state as the card reports it without spending a try (VERIFY with no data).</summary>
/// <param name="Verified">True when the PIN is already verified in the current security state (9000).</param>
/// <param name="TriesLeft">Tries left before the PIN blocks (63Cx), 0 when blocked (6983), null when verified.</param>
public readonly record struct PinStatus(bool Verified, int? TriesLeft)
{
    /// <summary>True when the card refuses every PIN until an unblock.</summary>
    public bool Blocked => TriesLeft == 0;
}
