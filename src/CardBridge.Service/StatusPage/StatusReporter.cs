using CardBridge.Cards.Privacy;
using CardBridge.Service.Hosting;
using CardBridge.Service.Observability;
using CardBridge.Settlement.Centre;

namespace CardBridge.Service.StatusPage;

/// <summary>Takes a <see cref="StatusReport"/> from the hosts that own the state; it changes nothing.</summary>
internal sealed class StatusReporter(
    TerminalHost terminal,
    SettlementHost settlement,
    QrHost qr,
    JournalBacklog backlog,
    RecentErrors errors,
    ApduLatencySamples latency,
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
        return new StatusReport(
            time.GetUtcNow(),
            terminal.Bank is not null,
            readers,
            sessions,
            [.. qr.Scanners.Select(s => new ScannerStatus(s.Name, s.Connected))],
            new JournalStatus(journal.PendingCount, journal.OldestPendingAge?.TotalSeconds, journal.UploadedCount, journal.RejectedCount),
            centre,
            errors.Snapshot(),
            latency.Snapshot());
    }
}
