namespace CardBridge.Terminal.Hsm;

/// <summary>Whether the terminal asks the HSM platform now, as its circuit breaker decides.</summary>
public enum HsmAvailability
{
    /// <summary>The breaker is closed: every check asks the HSM.</summary>
    Available,

    /// <summary>The breaker is open after repeated failures: checks fail at once, without asking, until the break is over.</summary>
    Unavailable,

    /// <summary>The break is over: the next check probes the HSM, and its outcome closes or reopens the breaker.</summary>
    Probing,
}
