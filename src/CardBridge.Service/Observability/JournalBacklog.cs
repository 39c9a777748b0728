using CardBridge.Journal;
using CardBridge.Service.Hosting;

namespace CardBridge.Service.Observability;

/// <summary>
/// The journal's backlog as last counted. Gauges are read synchronously, the journal only asynchronously: the admin
/// endpoints count it (<see cref="RefreshAsync"/>) just before a scrape or a status page is served.
/// </summary>
internal sealed class JournalBacklog(SettlementHost settlement)
{
    private readonly Lock _lock = new();
    private JournalStats _current;

    /// <summary>The backlog as of the last <see cref="RefreshAsync"/>; empty before the first.</summary>
    public JournalStats Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Counts the backlog again; keeps the last count while the settlement layer is not running.</summary>
    public async Task<JournalStats> RefreshAsync(CancellationToken cancellationToken)
    {
        if (settlement.IsRunning)
        {
            var counted = await settlement.Journal.StatsAsync(cancellationToken);
            lock (_lock)
            {
                _current = counted;
            }
        }
        return Current;
    }
}
