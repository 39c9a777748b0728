namespace CardBridge.Transit.Gate;

/// <summary>Why the gate stays closed.</summary>
public enum RefusalReason
{
    /// <summary>The card or account is on the hot list.</summary>
    HotListed = 1,

    /// <summary>The purse holds less than the fare; nothing was charged.</summary>
    InsufficientBalance = 2,

    /// <summary>The card has no transit purse and the ride is not free.</summary>
    NoPurse = 3,

    /// <summary>The fare is above the QR code's per-trip limit.</summary>
    FareExceedsLimit = 4,

    /// <summary>
    /// An earlier interrupted purchase of this purse cannot be proven either way; the card is not charged again until
    /// the clearing centre resolves it.
    /// </summary>
    PurchaseUnresolved = 5,

    /// <summary>The card's or PSAM's purchase MAC did not verify: the card is not accepted here.</summary>
    CardNotAccepted = 6,
}
