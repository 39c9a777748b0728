using System.Diagnostics.Metrics;
using CardBridge.Service.Configuration;
using CardBridge.Service.Hosting;
using CardBridge.Service.Observability;
using CardBridge.Settlement;
using CardBridge.Settlement.Centre;
using CardBridge.Transit;
using CardBridge.Transit.Eligibility;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Transit;

/// <summary>
/// Keeps the gate's rider lists current from the centre while the service runs (DESIGN §10: "the centre is only for
/// upload and list sync"): a sync sends the versions held (<c>CB02</c>), applies the lists the centre changed through
/// the <see cref="RiderListStore"/> in one durable swap, and counts every list the centre answered as synced now. It
/// runs every <c>Transit:ListSync:Interval</c> from start, and on demand (SyncRiderLists); one sync at a time.
/// With the centre down the lists in use are kept (their age grows, the stale rules apply), the outage is logged once,
/// and no tap ever waits for a sync: taps read the store's current set.
/// </summary>
internal sealed partial class RiderListSync : HostedPart
{
    /// <summary>The rider list age gauge's name.</summary>
    public const string AgeMetricName = "cardbridge.rider_list.age";

    private readonly TransitOptions _options;
    private readonly Func<RiderListStore?> _store;
    private readonly Func<ISettlementCentre> _centre;
    private readonly TimeProvider _time;
    private readonly ILogger<RiderListSync> _logger;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Lock _lock = new();
    private RiderListSyncRound? _last;
    private bool _failing;

    public RiderListSync(
        IOptions<TransitOptions> options,
        TransitHost transit,
        SettlementHost settlement,
        IMeterFactory meters,
        TimeProvider time,
        ILogger<RiderListSync> logger)
        : this(options.Value, () => transit.Lists, () => settlement.Centre, meters, time, logger)
    {
    }

    /// <summary>Over any store and centre: <paramref name="store"/> gives null while transit is not configured.</summary>
    internal RiderListSync(
        TransitOptions options,
        Func<RiderListStore?> store,
        Func<ISettlementCentre> centre,
        IMeterFactory meters,
        TimeProvider time,
        ILogger<RiderListSync> logger)
    {
        _options = options;
        _store = store;
        _centre = centre;
        _time = time;
        _logger = logger;
        meters.Create(ServiceMetrics.MeterName).CreateObservableGauge(AgeMetricName, Ages, "s",
            "How long ago the centre last sent or confirmed each rider list, by list name");
    }

    /// <summary>Raised after every sync (background or on demand), successful or not.</summary>
    public event EventHandler<RiderListSyncRound>? RoundCompleted;

    /// <summary>Whether the background sync runs: transit configured and <c>Transit:ListSync:Enabled</c> not false (a centre is always configured or simulated).</summary>
    public bool Enabled => TransitOptionsValidator.IsEnabled(_options) && _options.ListSync.Enabled != false;

    /// <summary>The last sync; null before the first.</summary>
    public RiderListSyncRound? LastRound
    {
        get
        {
            lock (_lock)
            {
                return _last;
            }
        }
    }

    /// <summary>True when this terminal is a fare gate with rider lists.</summary>
    public bool Gate => _store() is not null;

    /// <summary>The lists in use; empty when transit is not configured.</summary>
    public RiderLists Current => _store()?.Current ?? RiderLists.Empty;

    protected override Task OpenAsync(CancellationToken cancellationToken)
    {
        if (Enabled && _store() is not null)
        {
            Pump(LoopAsync);
            LogSyncing(_logger, _options.ListSync.Interval);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Syncs now: asks the centre, applies its answer in one swap and returns every list held afterwards.
    /// </summary>
    /// <exception cref="SettlementException">The centre cannot be reached, timed out (<c>Transit:ListSync:Timeout</c>), refused or answered nonsense; the lists in use are kept.</exception>
    /// <exception cref="RiderListException">The answer's lists are invalid or cannot be stored; the lists in use are kept.</exception>
    /// <exception cref="InvalidOperationException">Transit is not configured.</exception>
    public async Task<IReadOnlyList<RiderListSyncState>> SyncAsync(CancellationToken cancellationToken)
    {
        var store = _store() ?? throw new InvalidOperationException("transit is not configured");
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            try
            {
                var states = await SyncOnceAsync(store, cancellationToken);
                Completed(new RiderListSyncRound(_time.GetUtcNow(), null, states.Count(s => s.Changed)));
                return states;
            }
            catch (Exception e) when (e is SettlementException or RiderListException)
            {
                Completed(new RiderListSyncRound(_time.GetUtcNow(), FailureOf(e), 0), e);
                throw;
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    protected override ValueTask CloseAsync()
    {
        _oneAtATime.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A bounded name for why a sync failed (for the status page; never a list entry).</summary>
    public static string FailureOf(Exception error) => error switch
    {
        CentreRejectedException => "centre_rejected",
        CentreUnavailableException => "centre_unavailable",
        CentreProtocolException or RiderListException { InnerException: null } => "malformed_answer",
        RiderListException => "storage_failed",
        _ => "failed",
    };

    private async Task<IReadOnlyList<RiderListSyncState>> SyncOnceAsync(RiderListStore store, CancellationToken cancellationToken)
    {
        var held = AllOf(store.Current).Select(l => new HeldRiderList(l.Name, l.Version)).ToList();
        IReadOnlyList<PublishedRiderList> answer;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_options.ListSync.Timeout);
            try
            {
                answer = await _centre().DownloadRiderListsAsync(held, timeout.Token);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CentreUnavailableException($"The rider list download took longer than Transit:ListSync:Timeout ({_options.ListSync.Timeout})", e);
            }
        }
        var now = _time.GetUtcNow();
        var changes = answer.Select(l => new RiderListChange(l.Name, l.Version, l.Entries)).ToList();
        var (before, after) = await store.UpdateAsync(lists => lists.Apply(changes, now), cancellationToken);
        var changed = new HashSet<string>(answer.Where(l => !l.Unchanged).Select(l => l.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var list in AllOf(after).Where(l => changed.Contains(l.Name)))
        {
            var old = AllOf(before).FirstOrDefault(l => string.Equals(l.Name, list.Name, StringComparison.OrdinalIgnoreCase));
            LogApplied(_logger, list.Name, old?.Version ?? "(none)", list.Version, list.Entries.Count);
        }
        return [.. AllOf(after).Select(l => new RiderListSyncState(l.Name, l.Version, l.SyncedAt, l.Entries.Count, changed.Contains(l.Name)))];
    }

    private void Completed(RiderListSyncRound round, Exception? error = null)
    {
        bool wasFailing;
        lock (_lock)
        {
            _last = round;
            wasFailing = _failing;
            _failing = error is not null;
        }
        if (error is not null && !wasFailing)
        {
            // Once per outage: every later failed round until a success is only debug.
            LogFailed(_logger, round.Failure!, _options.ListSync.Interval, error);
        }
        else if (error is not null)
        {
            LogStillFailing(_logger, round.Failure!);
        }
        else if (wasFailing)
        {
            LogRecovered(_logger);
        }
        RoundCompleted?.Invoke(this, round);
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        // The first round waits an interval too: the lists on disk carry their own sync time, and a start must not
        // put calls into the centre's breaker window before the settlements do.
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.ListSync.Interval, _time, stop);
                await SyncAsync(stop);
            }
            catch (Exception e) when (e is SettlementException or RiderListException)
            {
                // Recorded and logged by the round; the lists in use stay.
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private IEnumerable<Measurement<double>> Ages()
    {
        var now = _time.GetUtcNow();
        return AllOf(Current).Select(l => new Measurement<double>((now - l.SyncedAt).TotalSeconds, new KeyValuePair<string, object?>("list", l.Name)));
    }

    private static IEnumerable<RiderList> AllOf(RiderLists lists) =>
        lists.Hot is null
            ? lists.Categories.Values.OrderBy(l => l.Name, StringComparer.Ordinal)
            : lists.Categories.Values.OrderBy(l => l.Name, StringComparer.Ordinal).Prepend(lists.Hot);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rider lists: synced with the centre every {Interval}")]
    private static partial void LogSyncing(ILogger logger, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rider list {List} changed: version {OldVersion} -> {NewVersion}, {Entries} entries")]
    private static partial void LogApplied(ILogger logger, string list, string oldVersion, string newVersion, int entries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rider list sync failed ({Failure}); the lists in use are kept and ageing, retrying every {Interval}")]
    private static partial void LogFailed(ILogger logger, string failure, TimeSpan interval, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rider list sync still failing ({Failure})")]
    private static partial void LogStillFailing(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rider list sync works again")]
    private static partial void LogRecovered(ILogger logger);
}

/// <summary>One sync's outcome.</summary>
/// <param name="At">When it ended.</param>
/// <param name="Failure">Null when it succeeded; otherwise a bounded reason (<c>centre_unavailable</c>, <c>malformed_answer</c>…).</param>
/// <param name="Changed">How many lists it replaced.</param>
internal sealed record RiderListSyncRound(DateTimeOffset At, string? Failure, int Changed)
{
    public bool Succeeded => Failure is null;
}

/// <summary>One list held after a sync.</summary>
/// <param name="Name">The list's name.</param>
/// <param name="Version">The centre's version.</param>
/// <param name="SyncedAt">When the centre last sent or confirmed it.</param>
/// <param name="EntryCount">How many riders it holds.</param>
/// <param name="Changed">True when this sync replaced it.</param>
internal sealed record RiderListSyncState(string Name, string Version, DateTimeOffset SyncedAt, int EntryCount, bool Changed);
