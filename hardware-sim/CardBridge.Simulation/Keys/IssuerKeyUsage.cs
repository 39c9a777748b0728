namespace CardBridge.Simulation.Keys;

/// <summary>
/// The issuer master keys the simulator knows, by purpose. Each value is the PSAM key usage code: P1 of
/// INIT FOR DESCRYPT <c>80 1A &lt;usage&gt; &lt;index&gt;</c>. The issuer key file repeats these codes and the
/// loader refuses a file that disagrees.
/// </summary>
public enum IssuerKeyUsage : byte
{
    /// <summary>The card's internal-authentication key; on the PSAM, checking the card's INTERNAL AUTHENTICATE answer.</summary>
    InternalAuth = 0x27,

    /// <summary>RKSSSE, the SSSE external-authentication key (card key id 0A): unlocks EF06/EF07/EF08 of 3.00 cards.</summary>
    Rkssse = 0x28,

    /// <summary>UK2DF04, the DF04 medical insurance update key (card key id 42): MAC of secure-messaging writes to EF06/EF08 (<c>SocialSecurity/MedicalSecureWrite</c>).</summary>
    Uk2Df04 = 0x42,

    /// <summary>The DF04 medical purse purchase key (card key id 43): MAC1/MAC2 of <c>B0 28</c> / <c>B0 2C</c>; the PSAM computes MAC1 <c>80 70 01 00</c> with it (<c>SocialSecurity/MedicalPurseScheme</c>).</summary>
    PurchaseDf04 = 0x43,

    /// <summary>The DF04 medical purse TAC key (card key id 44): only the card and the centre hold it, never a PSAM.</summary>
    TacDf04 = 0x44,
}
