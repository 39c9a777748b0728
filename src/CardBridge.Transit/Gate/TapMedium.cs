namespace CardBridge.Transit.Gate;

/// <summary>What the rider tapped.</summary>
public enum TapMedium
{
    /// <summary>The social security card (contactless), paying from its T-Union purse.</summary>
    Card = 1,

    /// <summary>A transit QR code, paid later by its account.</summary>
    QrCode = 2,
}
