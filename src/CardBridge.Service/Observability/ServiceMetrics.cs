using System.Diagnostics.Metrics;
using CardBridge.Service.Hosting;
using CardBridge.Settlement.Centre;
using CardBridge.Terminal.Hsm;

namespace CardBridge.Service.Observability;

/// <summary>
/// The service's own instruments on the <c>CardBridge</c> meter (exported at <c>/metrics</c> with the terminal's APDU
/// histogram): live sessions, card reads, settlements, journal backlog, centre state, HSM platform state and requests, QR
/// verifications and transit taps.
/// Every label is a reader or scanner name or a bounded outcome name — never a card number or any other personal data.
/// </summary>
internal sealed class ServiceMetrics
{
    /// <summary>The meter every service instrument belongs to.</summary>
    public const string MeterName = "CardBridge";

    /// <summary>The tap latency histogram's name.</summary>
    public const string TapDurationName = "cardbridge.tap.duration";

    private readonly Counter<long> _cardReads;
    private readonly Counter<long> _settlements;
    private readonly Counter<long> _qrVerifications;
    private readonly Counter<long> _tapDecisions;
    private readonly Histogram<double> _tapDuration;

    public ServiceMetrics(IMeterFactory meters, TerminalHost terminal, SettlementHost settlement, JournalBacklog backlog)
    {
        var meter = meters.Create(MeterName);
        _cardReads = meter.CreateCounter<long>("cardbridge.card.reads", "{read}",
            "Cards pre-read on arrival, by reader and outcome (ok, or the error that stopped the read)");
        _settlements = meter.CreateCounter<long>("cardbridge.settlements", "{settlement}",
            "Settlements completed, by mode: online at the centre or offline into the journal");
        // Counted by the adapter itself: the first cards are checked while the terminal starts, before anything here could listen.
        meter.CreateObservableCounter("cardbridge.hsm.requests", () => HsmRequests(terminal), "{request}",
            "Genuine-card checks sent to the HSM platform, by outcome: answered, refused (no keys for the card), unavailable");
        _qrVerifications = meter.CreateCounter<long>("cardbridge.qr.verifications", "{code}",
            "Scanned codes verified, by kind and outcome (accepted, or the QR_* reason that refused the code)");
        _tapDecisions = meter.CreateCounter<long>("cardbridge.tap.decisions", "{tap}", "Transit gate tap decisions, by outcome");
        _tapDuration = meter.CreateHistogram<double>(TapDurationName, "ms",
            "From a tap to the gate's decision, by outcome");
        meter.CreateObservableGauge("cardbridge.sessions.live", () => terminal.IsRunning ? terminal.Terminal.Readers.Count(r => r.SessionId is not null) : 0,
            "{session}", "Card sessions open now");
        meter.CreateObservableGauge("cardbridge.centre.online", () => CentreOnline(settlement), "1",
            "1 while the centre's circuit is closed (settlements go online), 0 while it is open (offline)");
        meter.CreateObservableGauge("cardbridge.hsm.available", () => HsmAvailable(terminal), "1",
            "With an HSM platform configured: 1 while its breaker is closed, 0 while open (cards fail at once), 0.5 while probing");
        meter.CreateObservableGauge("cardbridge.journal.backlog", () => backlog.Current.PendingCount, "{record}",
            "Journal records waiting for upload to the centre");
        meter.CreateObservableGauge("cardbridge.journal.backlog_age", () => backlog.Current.OldestPendingAge?.TotalSeconds ?? 0, "s",
            "How long the oldest journal record waiting for upload has waited");
    }

    /// <summary>Counts one card pre-read in <paramref name="reader"/>; <paramref name="outcome"/> is <c>ok</c> or an error name.</summary>
    public void RecordCardRead(string reader, string outcome) =>
        _cardReads.Add(1, new KeyValuePair<string, object?>("reader", reader), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts one completed settlement, <paramref name="offline"/> when it went into the journal.</summary>
    public void RecordSettlement(bool offline) =>
        _settlements.Add(1, new KeyValuePair<string, object?>("mode", offline ? "offline" : "online"));

    /// <summary>
    /// Counts one verified code: <paramref name="kind"/> as the contract names it (<c>e_voucher</c>, <c>transit</c>…),
    /// <paramref name="outcome"/> <c>accepted</c> or the QR_* reason.
    /// </summary>
    public void RecordQrVerification(string kind, string outcome) =>
        _qrVerifications.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>
    /// Records one tap decision of a fare gate and how long it took (gate mode: from the card's arrival or the code's
    /// scan). <paramref name="outcome"/> is a bounded name (<c>paid</c>, <c>free</c>, <c>repeated</c>,
    /// <c>refused_hotlisted</c>…) — never an account or card number: it becomes a metric label.
    /// </summary>
    public void RecordTap(string outcome, TimeSpan latency)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _tapDecisions.Add(1, tag);
        _tapDuration.Record(latency.TotalMilliseconds, tag);
    }

    // No measurement at all without an HSM: a 0 would raise the "HSM down" alert on every terminal that has none.
    private static IEnumerable<Measurement<double>> HsmAvailable(TerminalHost terminal) =>
        terminal.Hsm is { } hsm
            ? [new Measurement<double>(hsm.Health.Availability switch
            {
                HsmAvailability.Available => 1,
                HsmAvailability.Probing => 0.5,
                _ => 0,
            })]
            : [];

    private static IEnumerable<Measurement<long>> HsmRequests(TerminalHost terminal) =>
        terminal.Hsm is { } hsm
            ? Enum.GetValues<HsmCallOutcome>().Select(outcome => new Measurement<long>(
                hsm.CallsEnded(outcome), new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant())))
            : [];

    private static int CentreOnline(SettlementHost settlement) =>
        settlement.IsRunning && settlement.Connectivity.Connectivity == CentreConnectivity.Online ? 1 : 0;
}
