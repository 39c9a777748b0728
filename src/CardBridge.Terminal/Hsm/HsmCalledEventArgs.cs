namespace CardBridge.Terminal.Hsm;

/// <summary>One request to the HSM platform ended (retries included), for metrics.</summary>
/// <param name="outcome">How it ended.</param>
/// <param name="elapsed">From the first attempt to the outcome.</param>
public sealed class HsmCalledEventArgs(HsmCallOutcome outcome, TimeSpan elapsed) : EventArgs
{
    /// <summary>How it ended.</summary>
    public HsmCallOutcome Outcome { get; } = outcome;

    /// <summary>From the first attempt to the outcome.</summary>
    public TimeSpan Elapsed { get; } = elapsed;
}
