using CardBridge.Cards;
using CardBridge.Service.Configuration;
using CardBridge.Service.Credentials;
using CardBridge.Service.Hosting;
using CardBridge.Service.Observability;
using CardBridge.Terminal;
using CardBridge.Transit;
using CardBridge.Transit.Eligibility;
using CardBridge.Transit.Fare;
using CardBridge.Transit.Gate;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Transit;

/// <summary>
/// Owns the fare gate for the service's lifetime (when <c>Transit</c> is configured): the rider lists, the durable
/// store of interrupted purchases and the <see cref="TransitGate"/> over the settlement journal. In gate mode it follows
/// the <see cref="PresentationDesk"/> and taps each gate's card or code the moment it is read or verified. Every
/// decision, of gate mode and of Tap calls, goes to the WatchDecisions subscribers.
/// </summary>
internal sealed partial class TransitHost(
    IOptions<TransitOptions> options,
    IOptions<GateModeOptions> gates,
    TerminalHost terminal,
    PresentationDesk desk,
    SettlementHost settlement,
    ServiceMetrics metrics,
    TimeProvider time,
    ILogger<TransitHost> logger) : HostedPart
{
    private readonly TransitOptions _options = options.Value;
    private readonly GateModeOptions _gates = gates.Value;
    private readonly Broadcast<GateDecisionEvent> _decisions = new(capacity: 256);
    private RiderListStore? _lists;
    private SqlitePendingPurchaseStore? _pending;

    /// <summary>The rider lists in use; null when transit is not configured (or before start).</summary>
    public RiderListStore? Lists => _lists;

    /// <summary>The gate logic; null when transit is not configured.</summary>
    public TransitGate? Gate { get; private set; }

    protected override async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (!TransitOptionsValidator.IsEnabled(_options))
        {
            return;
        }
        foreach (var path in new[] { _options.ListsPath, _options.PendingPurchasesPath })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        _lists = await RiderListStore.OpenAsync(_options.ListsPath, cancellationToken);
        _pending = await SqlitePendingPurchaseStore.OpenAsync(_options.PendingPurchasesPath, cancellationToken);
        // The journal is the settlement layer's, opened by its host, which starts first.
        Gate = new TransitGate(_options, _lists, _pending, settlement.Journal, time, Guid.NewGuid);
        if (_gates.Gates.Count > 0)
        {
            var changes = desk.Subscribe(includePresent: false);
            Pump(stopping => GateModeAsync(changes, stopping));
        }
        LogStarted(logger, _gates.Gates.Count, _lists.Current.Categories.Count + (_lists.Current.Hot is null ? 0 : 1));
    }

    /// <summary>Subscribes to every decision from now on; dispose the subscription to end it.</summary>
    public Subscription<GateDecisionEvent> Subscribe() => _decisions.Subscribe();

    /// <summary>
    /// Decides a card tap at <paramref name="gate"/>: the card's reader and the shared PSAM held for the whole tap. The
    /// identity comes from the session's pre-read, which the terminal authenticated with this same PSAM; the card is
    /// asked again only when that read failed.
    /// </summary>
    public async Task<GateDecisionEvent> TapCardAsync(CardSession session, GateOptions gate, DateTimeOffset? presentedAt, CancellationToken cancellationToken)
    {
        var logic = Gate ?? throw new InvalidOperationException("transit is not configured");
        var psam = terminal.Psam ?? throw new InvalidOperationException("no PSAM is configured (Readers:PsamReader)");
        var decision = await Decided(() => terminal.Terminal.RunOnReaderAsync(session.Id, (access, ct) =>
            psam.RunAsync((psamChannel, inner) => logic.TapAsync(new CardTap(access.Channel, session.Atr, psamChannel, session.Identity), gate.Id, gate.Line, gate.Stop, inner), ct),
            cancellationToken));
        return Publish(decision, gate, presentedAt);
    }

    /// <summary>Decides a tap of a verified transit code at <paramref name="gate"/>.</summary>
    public async Task<GateDecisionEvent> TapCodeAsync(CodeCredentialRecord code, GateOptions gate, DateTimeOffset? presentedAt, CancellationToken cancellationToken)
    {
        var logic = Gate ?? throw new InvalidOperationException("transit is not configured");
        var decision = await Decided(() => logic.TapAsync(code.Transit!, gate.Id, gate.Line, gate.Stop, cancellationToken));
        return Publish(decision, gate, presentedAt);
    }

    protected override Task StoppingAsync()
    {
        _decisions.Complete();
        return Task.CompletedTask;
    }

    protected override ValueTask CloseAsync()
    {
        _pending?.Dispose();
        _lists?.Dispose();
        return ValueTask.CompletedTask;
    }

    // A ride the journal could not store was still decided: the gate follows it, and the alarm is logged.
    private async Task<(TapDecision Decision, bool Journaled)> Decided(Func<Task<TapDecision>> tap)
    {
        try
        {
            return (await tap(), true);
        }
        catch (RideNotJournaledException e)
        {
            LogNotJournaled(logger, e.Decision.RideId, e);
            return (e.Decision, false);
        }
    }

    private GateDecisionEvent Publish((TapDecision Decision, bool Journaled) decided, GateOptions gate, DateTimeOffset? presentedAt)
    {
        var decision = new GateDecisionEvent(decided.Decision, gate.Id, gate.Line, gate.Stop, decided.Journaled,
            presentedAt is { } at ? time.GetUtcNow() - at : null);
        metrics.RecordTap(OutcomeOf(decided.Decision), decision.SincePresented ?? decided.Decision.Latency.Total);
        _decisions.Publish(decision);
        return decision;
    }

    // A bounded label: the kind of decision, never who.
    private static string OutcomeOf(TapDecision decision) => decision switch
    {
        { Repeated: true } => "repeated",
        AllowedRide { FreeReason: not null } => "free",
        AllowedRide => "paid",
        RefusedRide refused => "refused_" + refused.Reason.ToString().ToLowerInvariant(),
        _ => "other",
    };

    private async Task GateModeAsync(Subscription<DeskChange> changes, CancellationToken cancellationToken)
    {
        using (changes)
        {
            try
            {
                await foreach (var change in changes.Reader.ReadAllAsync(cancellationToken))
                {
                    if (change is PresentationUpdated { Presentation: var presentation })
                    {
                        await GateTapAsync(presentation, cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping.
            }
        }
    }

    // One tap at a time across gate mode: each gate has one reader, and the shared PSAM serialises purchases anyway.
    private async Task GateTapAsync(Presentation presentation, CancellationToken cancellationToken)
    {
        try
        {
            switch (presentation)
            {
                case CardPresentation { Session: { } session } card when GateOf(g => g.Reader == card.Reader) is { } gate:
                    await TapCardAsync(session, gate, card.PresentedAt, cancellationToken);
                    break;
                case CodePresentation { Outcome.Credential: { Transit: not null } credential } code when GateOf(g => g.Scanner == code.Scanner) is { } gate:
                    await TapCodeAsync(credential, gate, code.ScannedAt, cancellationToken);
                    break;
            }
        }
        catch (Exception e) when (e is TransitException or CardException or TerminalException or Iso7816.Iso7816Exception)
        {
            LogGateTapFailed(logger, presentation.Arrival, e.GetType().Name, e);
        }
    }

    private GateOptions? GateOf(Func<GateOptions, bool> match) =>
        _gates.Gates.FirstOrDefault(g => match(g));

    [LoggerMessage(Level = LogLevel.Information, Message = "Transit: {Gates} gate(s) in gate mode, {Lists} rider list(s)")]
    private static partial void LogStarted(ILogger logger, int gates, int lists);

    [LoggerMessage(Level = LogLevel.Error, Message = "ALARM: ride {RideId} was decided but could not be journaled")]
    private static partial void LogNotJournaled(ILogger logger, Guid rideId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gate mode: presentation {Arrival} gave no decision ({Error})")]
    private static partial void LogGateTapFailed(ILogger logger, long arrival, string error, Exception exception);
}

/// <summary>A decision with where it was made and whether it was journaled.</summary>
/// <param name="Decision">The gate logic's decision.</param>
/// <param name="GateId">The gate.</param>
/// <param name="Line">The line.</param>
/// <param name="Stop">The stop.</param>
/// <param name="Journaled">False when the journal could not store the ride.</param>
/// <param name="SincePresented">Gate mode: from the card's arrival or the code's scan to the decision.</param>
internal sealed record GateDecisionEvent(TapDecision Decision, string GateId, string Line, string Stop, bool Journaled, TimeSpan? SincePresented);
