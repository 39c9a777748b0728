using CardBridge.Journal;

namespace CardBridge.Transit.Gate;

/// <summary>
/// The gate decided, but the journal could not store the ride (storage full, read-only, locked). The decision is
/// real — a paid ride's purse was debited — so it is carried here: the caller opens the gate for an
/// <see cref="AllowedRide"/> and must raise an alarm, since the ride (and a paid ride's TAC) is not in the journal.
/// </summary>
public sealed class RideNotJournaledException : TransitException
{
    /// <summary>Creates the error with the decision the journal did not take.</summary>
    public RideNotJournaledException(TapDecision decision, JournalUnavailableException innerException)
        : base("The ride was decided but the journal could not store it.", innerException)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Decision = decision;
    }

    /// <summary>The decision that was made.</summary>
    public TapDecision Decision { get; }
}
