namespace CardBridge.Simulation.Keys;

/// <summary>Key ids on the simulated social security card (P2 of INTERNAL/EXTERNAL AUTHENTICATE).</summary>
public static class CardKeyIds
{
    /// <summary>The internal-authentication key.</summary>
    public const byte InternalAuth = 0x00;

    /// <summary>RKSSSE, the SSSE external-authentication key.</summary>
    public const byte Rkssse = 0x0A;

    /// <summary>UK2DF04, the DF04 update key for secure-messaging writes.</summary>
    public const byte Uk2Df04 = 0x42;

    /// <summary>The DF04 medical purse purchase key.</summary>
    public const byte PurchaseDf04 = 0x43;

    /// <summary>The DF04 medical purse TAC key.</summary>
    public const byte TacDf04 = 0x44;

    /// <summary>The card key id holding the key of <paramref name="usage"/>.</summary>
    public static byte For(IssuerKeyUsage usage) => usage switch
    {
        IssuerKeyUsage.InternalAuth => InternalAuth,
        IssuerKeyUsage.Rkssse => Rkssse,
        IssuerKeyUsage.Uk2Df04 => Uk2Df04,
        IssuerKeyUsage.PurchaseDf04 => PurchaseDf04,
        IssuerKeyUsage.TacDf04 => TacDf04,
        _ => throw new ArgumentOutOfRangeException(nameof(usage), usage, "no card key for this usage"),
    };
}
