namespace CardBridge.Simulation.Qr.Transit;

/// <summary>What kind of transit code the simulator makes.</summary>
public enum SimTransitQrKind
{
    /// <summary>A code a terminal trusting the key set's root accepts now.</summary>
    Valid,

    /// <summary>A correctly signed code whose validity window ended ten minutes ago.</summary>
    Expired,

    /// <summary>A correctly signed code generated ten minutes in the future.</summary>
    NotYetValid,

    /// <summary>A correctly signed code generated after the holder's authorisation expired.</summary>
    GeneratedAfterAuthorisation,

    /// <summary>A forged issuer certificate: the issuer key swapped for one no root certified; later links signed with the forged key.</summary>
    TamperedRoot,

    /// <summary>The per-trip limit raised after the issuer signed; the holder's link re-signed, so only the issuer link fails.</summary>
    TamperedIssuer,

    /// <summary>The generation time moved after the holder signed; only the holder's link fails.</summary>
    TamperedUser,

    /// <summary>A correctly signed chain under a root index the terminal has no key for.</summary>
    UnknownIssuer,
}
