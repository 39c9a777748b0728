using CardBridge.Cards.Privacy;
using CardBridge.Service.Hosting;
using CardBridge.Service.Observability;
using CardBridge.Service.Simulation;
using CardBridge.Service.Transit;
using CardBridge.Settlement.Centre;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.StatusPage;

/// <summary>Takes a <see cref="StatusReport"/> from the hosts that own the state; it changes nothing.</summary>
internal sealed class StatusReporter(
    TerminalHost terminal,
    SettlementHost settlement,
    QrHost qr,
    JournalBacklog backlog,
    RecentErrors errors,
    ApduLatencySamples latency,
    RiderListSync riderLists,
    IOptions<SimulationOptions> simulation,
    TimeProvider time)
{
    public async Task<StatusReport> CaptureAsync(CancellationToken cancellationToken)
    {
        var journal = await backlog.RefreshAsync(cancellationToken);
        var readers = new List<ReaderStatus>();
        var sessions = new List<SessionStatus>();
        if (terminal.IsRunning)
        {
            foreach (var reader in terminal.Terminal.Readers)
            {
                readers.Add(new ReaderStatus(reader.Name, reader.SessionId is not null ? "session" : reader.HasCard ? "card" : "empty"));
                if (reader.SessionId is { } id && terminal.Terminal.TryGetSession(id, out var session))
                {
                    sessions.Add(new SessionStatus(
                        session.Reader,
                        session.Recognition.Generation.ToString(),
                        Masked.CardNumber(session.Identity?.Card.CardNumber),
                        session.IdentityError is { } error ? CardReadWatcher.OutcomeOf(error) : "ok",
                        session.ReadAt));
                }
            }
        }
        var (connectivity, since) = settlement.Connectivity;
        var centre = new CentreStatus(
            !settlement.IsRunning ? "stopped" : connectivity == CentreConnectivity.Online ? "online" : "offline", since);
        var now = time.GetUtcNow();
        return new StatusReport(
            now,
            simulation.Value.Enabled,
            readers,
            sessions,
            [.. qr.Scanners.Select(s => new ScannerStatus(s.Name, s.Connected))],
            new JournalStatus(journal.PendingCount, journal.OldestPendingAge?.TotalSeconds, journal.UploadedCount, journal.RejectedCount),
            centre,
            errors.Snapshot(),
            latency.Snapshot(),
            RiderListsOf(now),
            HsmOf(),
            terminal.PsamSlot is { } psam ? new PsamStatus(psam.Reader, psam.Available ? "available" : "unavailable", psam.Fault) : null);
    }

    private HsmStatus? HsmOf() =>
        terminal.Hsm?.Health is { } health
            ? new HsmStatus(health.Availability.ToString().ToLowerInvariant(), health.Since, health.LastSuccessAt, health.LastFailureAt, health.LastFailure)
            : null;

    private RiderListsStatus? RiderListsOf(DateTimeOffset now)
    {
        if (!riderLists.Gate)
        {
            return null;
        }
        var current = riderLists.Current;
        var lists = current.Categories.Values.OrderBy(l => l.Name, StringComparer.Ordinal).ToList();
        if (current.Hot is { } hot)
        {
            lists.Insert(0, hot);
        }
        var last = riderLists.LastRound;
        return new RiderListsStatus(
            riderLists.Enabled,
            [.. lists.Select(l => new RiderListStatus(l.Name, l.Version, l.Entries.Count, l.SyncedAt, Math.Max(0, (now - l.SyncedAt).TotalSeconds)))],
            last?.At,
            last is null ? null : last.Failure ?? "ok");
    }
}
