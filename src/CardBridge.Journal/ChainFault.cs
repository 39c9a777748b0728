namespace CardBridge.Journal;

/// <summary>Why <see cref="OfflineJournal.VerifyChainAsync"/> stopped at a record.</summary>
public enum ChainFault
{
    /// <summary>The chain is intact.</summary>
    None = 0,

    /// <summary>A record's content (an amount, an id, a ciphertext…) was changed.</summary>
    Edited,

    /// <summary>A record is missing: deleted from the middle, or the newest ones removed.</summary>
    Missing,

    /// <summary>A record's authentic content sits at another sequence than the one it was sealed at.</summary>
    Reordered,

    /// <summary>A seal (content, chain, state or head HMAC) was changed or forged, or a record was added behind the journal's back.</summary>
    BadHmac,
}
