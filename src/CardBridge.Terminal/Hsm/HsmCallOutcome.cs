namespace CardBridge.Terminal.Hsm;

/// <summary>How one request to the HSM platform ended.</summary>
public enum HsmCallOutcome
{
    /// <summary>The HSM answered with step 2.</summary>
    Answered,

    /// <summary>The HSM answered that it cannot serve the card (no keys for its algorithm or issuer).</summary>
    Refused,

    /// <summary>No usable answer: unreachable, timed out, 5xx, malformed, or not asked while the breaker is open.</summary>
    Unavailable,
}
