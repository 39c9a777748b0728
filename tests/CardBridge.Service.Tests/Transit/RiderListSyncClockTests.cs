using System.Diagnostics.Metrics;
using CardBridge.Service.Transit;
using CardBridge.Settlement.Centre;
using CardBridge.Simulation.Centre;
using CardBridge.Transit;
using CardBridge.Transit.Eligibility;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Service.Tests.Transit;

/// <summary>
/// The sync on a manual clock against the simulated centre over real loopback HTTP: a confirmation keeps a category
/// list fresh that would have gone stale, the age gauge follows, and an outage is logged once.
/// </summary>
public sealed class RiderListSyncClockTests : IAsyncDisposable
{
    private static readonly TimeSpan CategoryMaxAge = TimeSpan.FromDays(7);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cardbridge-listsync-" + Guid.NewGuid().ToString("N"));
    private readonly Clock _time = new(new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.Zero));
    private readonly SimulatedCentre _centre = SimulatedCentre.Start(new SimulatedCentreOptions());
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Collecting _log = new();

    private async Task<(RiderListSync Sync, RiderListStore Store)> StartAsync()
    {
        var store = await RiderListStore.OpenAsync(Path.Combine(_directory, "lists.json"), CancellationToken.None);
        // No retries: their backoff would wait on the manual clock.
        var centre = new HttpSettlementCentre(_http, new CentreOptions
        {
            ServiceUri = _centre.ServiceUri,
            InstitutionCode = "H99000000001",
            InstitutionName = "测试医院",
            OperatorCode = "SIMOP01",
            OperatorName = "测试操作员",
            CallTimeout = TimeSpan.FromSeconds(5),
            MaxRetries = 0,
        }, _time, NullLogger<HttpSettlementCentre>.Instance);
        var options = new TransitOptions { ListsPath = Path.Combine(_directory, "lists.json"), CategoryListMaxAge = CategoryMaxAge };
        return (new RiderListSync(options, () => store, () => centre, _meters.GetRequiredService<IMeterFactory>(), _time, _log), store);
    }

    [Fact]
    public async Task An_unchanged_answer_keeps_a_category_list_fresh_that_would_have_gone_stale()
    {
        var (sync, store) = await StartAsync();
        using var _ = store;
        await sync.SyncAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(8));
        var beforeConfirmation = store.Current.Categories["disabled"];

        var states = await sync.SyncAsync(CancellationToken.None);

        Assert.True(beforeConfirmation.IsStale(_time.GetUtcNow(), CategoryMaxAge));
        Assert.False(store.Current.Categories["disabled"].IsStale(_time.GetUtcNow(), CategoryMaxAge));
        Assert.Same(beforeConfirmation.Entries, store.Current.Categories["disabled"].Entries);
        Assert.All(states, s => Assert.Equal((false, _time.GetUtcNow()), (s.Changed, s.SyncedAt)));
    }

    [Fact]
    public async Task The_age_gauge_reports_each_list_by_name_and_restarts_on_confirmation()
    {
        var (sync, store) = await StartAsync();
        using var _ = store;
        await sync.SyncAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(3));

        var aged = Ages();
        await sync.SyncAsync(CancellationToken.None);
        var confirmed = Ages();

        Assert.Equal(new Dictionary<string, double> { ["hot"] = 10_800, ["disabled"] = 10_800, ["veteran"] = 10_800 }, aged);
        Assert.All(confirmed.Values, age => Assert.Equal(0, age));
    }

    [Fact]
    public async Task An_outage_is_logged_once_the_lists_stay_and_the_recovery_is_logged()
    {
        var (sync, store) = await StartAsync();
        using var _ = store;
        await sync.SyncAsync(CancellationToken.None);
        var held = store.Current;
        _centre.InjectFault(new CentreFaultRule(CentreFault.Down));

        await Assert.ThrowsAsync<CentreUnavailableException>(() => sync.SyncAsync(CancellationToken.None));
        await Assert.ThrowsAsync<CentreUnavailableException>(() => sync.SyncAsync(CancellationToken.None));
        var failed = sync.LastRound;
        _centre.ClearFaults();
        await sync.SyncAsync(CancellationToken.None);

        Assert.Same(held.Hot!.Entries, store.Current.Hot!.Entries);
        Assert.Equal("centre_unavailable", failed!.Failure);
        Assert.True(sync.LastRound!.Succeeded);
        Assert.Single(_log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Single(_log.Entries, e => e.Message.Contains("works again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_is_logged_with_versions_and_count_but_never_an_entry()
    {
        var (sync, store) = await StartAsync();
        using var _ = store;
        await sync.SyncAsync(CancellationToken.None);
        _centre.AddToRiderList("hot", "SIMORD001");

        await sync.SyncAsync(CancellationToken.None);

        Assert.Contains(_log.Entries, e => e.Message == "Rider list hot changed: version sim-1 -> sim-2, 2 entries");
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains(_centre.RiderListEntry("SIMORD001"), StringComparison.Ordinal)
            || e.Message.Contains("SIMORD001", StringComparison.Ordinal));
    }

    private Dictionary<string, double> Ages()
    {
        var factory = _meters.GetRequiredService<IMeterFactory>();
        var ages = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == RiderListSync.AgeMetricName && instrument.Meter.Scope == factory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => ages[(string)tags[0].Value!] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return ages;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _meters.DisposeAsync();
        await _centre.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class Collecting : ILogger<RiderListSync>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
