namespace CardBridge.Transit.Gate;

/// <summary>How long a decision took, split into time spent waiting for the card and PSAM and the gate's own time.</summary>
/// <param name="Apdu">Sum of all card and PSAM transmits of the tap.</param>
/// <param name="Own">Everything else: rules, list look-ups, the pending-purchase store, the journal append.</param>
public readonly record struct TapLatency(TimeSpan Apdu, TimeSpan Own)
{
    /// <summary>Total time from the tap's start to its decision.</summary>
    public TimeSpan Total => Apdu + Own;
}
