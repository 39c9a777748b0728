namespace CardBridge.Service.Credentials;

/// <summary>
/// Decides which presentation answers a "present card or code" wait: the one that ARRIVED first among those still
/// there, once it has its answer. A later arrival that is answered sooner (a card pre-read while an earlier code is
/// still being verified online) waits for the earlier one; a withdrawn presentation (card pulled, unreadable) drops out.
/// Pure: the same changes in the same order always pick the same winner.
/// </summary>
internal sealed class ArrivalRace(Func<Presentation, bool> accepts)
{
    private readonly SortedDictionary<long, Presentation> _open = [];

    /// <summary>Takes one change; the winner once there is one, else null.</summary>
    public Presentation? Apply(DeskChange change)
    {
        switch (change)
        {
            case PresentationUpdated { Presentation: var presentation } when accepts(presentation):
                _open[presentation.Arrival] = presentation;
                break;
            case PresentationWithdrawn withdrawn:
                _open.Remove(withdrawn.Arrival);
                break;
        }
        return Winner;
    }

    /// <summary>The earliest open presentation when it has its answer; null while there is none or it is still pending.</summary>
    public Presentation? Winner
    {
        get
        {
            foreach (var (_, first) in _open)
            {
                return first.IsResolved ? first : null;
            }
            return null;
        }
    }
}
