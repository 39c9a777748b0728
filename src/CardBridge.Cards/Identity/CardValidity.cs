namespace CardBridge.Cards.Identity;

/// <summary>Whether a card is inside its validity period on the terminal's local date.</summary>
public enum CardValidity
{
    /// <summary>Issue date ≤ today ≤ expiry date.</summary>
    Valid,

    /// <summary>Today is after the expiry date (EF05 tag 06).</summary>
    Expired,

    /// <summary>Today is before the issue date (EF05 tag 05).</summary>
    NotYetValid,
}
