namespace CardBridge.Simulation.Hsm;

/// <summary>What the simulated HSM platform does wrong, switched at runtime.</summary>
public enum HsmPlatformFault
{
    /// <summary>Nothing: every request is answered.</summary>
    None = 0,

    /// <summary>The platform stops listening, so connections are refused, until the fault is cleared.</summary>
    Down,

    /// <summary>Each request is held for the fault's delay before it is answered.</summary>
    Slow,

    /// <summary>
    /// Each request is answered with cryptograms one bit off: the card's internal-authentication answer then does not
    /// match, as with keys that are not the card's issuer's.
    /// </summary>
    WrongCryptogram,

    /// <summary>Each request is answered HTTP 500.</summary>
    ServerError,
}
