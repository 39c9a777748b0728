using CardBridge.Journal;
using CardBridge.Service.Configuration;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Upload;
using CardBridge.Settlement.Hospital;
using CardBridge.Settlement.Workflow;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Hosting;

/// <summary>
/// Owns the settlement layer for the service's lifetime: opens the offline journal at start (a journal that cannot
/// be opened stops the start as a configuration error, naming the key), builds the centre adapter on a client from
/// <see cref="IHttpClientFactory"/> for the centre at <c>Centre:ServiceUri</c>, runs the background upload loop, and
/// logs every connectivity change, keeping the latest for health and Stats.
/// </summary>
internal sealed partial class SettlementHost(
    IOptions<JournalOptions> journal,
    IOptions<CentreOptions> centre,
    IOptions<JournalUploadOptions> upload,
    IOptions<SettlementPolicy> policy,
    IHttpClientFactory http,
    TimeProvider time,
    ILoggerFactory loggers,
    IServiceProvider services) : HostedPart
{
    /// <summary>The name of the HTTP client the centre adapter uses.</summary>
    public const string HttpClientName = "centre";

    private readonly JournalOptions _journalOptions = journal.Value;
    private readonly CentreOptions _centreOptions = centre.Value;
    private readonly ILogger<SettlementHost> _logger = loggers.CreateLogger<SettlementHost>();
    private readonly Lock _lock = new();
    private OfflineJournal? _journal;
    private HttpSettlementCentre? _centre;
    private JournalUploadLoop? _loop;
    private SettlementWorkflow? _workflow;
    private HospitalWorkflow? _hospital;
    private CentreConnectivity _connectivity = CentreConnectivity.Online;
    private DateTimeOffset? _connectivityChangedAt;
    private (UploadRound Round, DateTimeOffset CompletedAt)? _lastRound;

    /// <summary>The open journal; set once the host has started.</summary>
    public OfflineJournal Journal => _journal ?? throw new InvalidOperationException("the settlement layer has not started");

    /// <summary>The centre adapter; set once the host has started.</summary>
    public ISettlementCentre Centre => _centre ?? throw new InvalidOperationException("the settlement layer has not started");

    /// <summary>The settlement workflow over the journal and the centre; set once the host has started.</summary>
    public SettlementWorkflow Workflow => _workflow ?? throw new InvalidOperationException("the settlement layer has not started");

    /// <summary>The hospital visit workflow over the same journal and centre; set once the host has started.</summary>
    public HospitalWorkflow Hospital => _hospital ?? throw new InvalidOperationException("the settlement layer has not started");

    /// <summary>The latest connectivity and when it last changed (null: not since start).</summary>
    public (CentreConnectivity Connectivity, DateTimeOffset? ChangedAt) Connectivity
    {
        get
        {
            lock (_lock)
            {
                return (_connectivity, _connectivityChangedAt);
            }
        }
    }

    /// <summary>The last upload round (background or on demand) and when it ended; null before the first.</summary>
    public (UploadRound Round, DateTimeOffset CompletedAt)? LastRound
    {
        get
        {
            lock (_lock)
            {
                return _lastRound;
            }
        }
    }

    protected override async Task OpenAsync(CancellationToken cancellationToken)
    {
        _journal = await OpenJournalAsync(cancellationToken);
        _centre = new HttpSettlementCentre(http.CreateClient(HttpClientName), _centreOptions, time, loggers.CreateLogger<HttpSettlementCentre>());
        _centre.ConnectivityChanged += OnConnectivityChanged;
        _workflow = new SettlementWorkflow(_centre, _journal, policy.Value, time, Guid.NewGuid, loggers.CreateLogger<SettlementWorkflow>());
        _hospital = new HospitalWorkflow(_centre, _journal, time, Guid.NewGuid, loggers.CreateLogger<HospitalWorkflow>());
        // Before the first settlement and upload: records a killed process left awaiting their card become pending,
        // settles and visit calls it left unanswered are completed or reversed at the centre.
        await _workflow.RecoverAsync(cancellationToken);
        // The loop is the container's (SettlementSetup); the stop ends it after its round in progress, before the
        // journal it writes to closes with the container.
        _loop = services.GetRequiredService<JournalUploadLoop>();
        _loop.RoundCompleted += OnRoundCompleted;
        _loop.Start();
        LogStarted(_logger, _centreOptions.ServiceUri!, upload.Value.UploadInterval);
    }

    /// <summary>The stop ends the upload loop after its round in progress; the journal closes with the container.</summary>
    protected override async ValueTask CloseAsync()
    {
        if (_loop is not null)
        {
            await _loop.DisposeAsync();
        }
    }

    /// <summary>Stops (if the host did not), then closes the journal (again: closing twice is harmless).</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_centre is not null)
        {
            _centre.ConnectivityChanged -= OnConnectivityChanged;
        }
        _workflow?.Dispose();
        if (_journal is not null)
        {
            await _journal.DisposeAsync();
        }
    }

    // A journal the service cannot open is a deployment fault restarting will not mend: it ends the start like a
    // bad setting (exit code 2), naming the key to look at.
    private async Task<OfflineJournal> OpenJournalAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await OfflineJournal.OpenAsync(_journalOptions, time, cancellationToken);
        }
        catch (JournalKeyMismatchException e)
        {
            var key = e.KeyName == "encryption" ? "Journal:EncryptionKey" : "Journal:IntegrityKey";
            throw Failure($"{key}: is not the key the journal at '{_journalOptions.Path}' was created with");
        }
        catch (JournalUnavailableException e)
        {
            throw Failure($"Journal:Path: the journal at '{_journalOptions.Path}' cannot be opened ({e.Reason}): {e.Message}");
        }
    }

    private static OptionsValidationException Failure(string message) =>
        new(nameof(JournalOptions), typeof(JournalOptions), [message]);

    private void OnConnectivityChanged(object? sender, CentreConnectivityChangedEventArgs change)
    {
        lock (_lock)
        {
            _connectivity = change.Current;
            _connectivityChangedAt = change.ChangedAt;
        }
        if (change.Current == CentreConnectivity.Offline)
        {
            LogOffline(_logger, change.Previous, change.Current);
        }
        else
        {
            LogOnline(_logger, change.Previous, change.Current);
        }
    }

    private void OnRoundCompleted(object? sender, UploadRound round)
    {
        lock (_lock)
        {
            _lastRound = (round, time.GetUtcNow());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement: journal open, centre {ServiceUri}, upload every {UploadInterval}")]
    private static partial void LogStarted(ILogger logger, Uri serviceUri, TimeSpan uploadInterval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Centre connectivity {Previous} -> {Current}: settlements go to the offline journal")]
    private static partial void LogOffline(ILogger logger, CentreConnectivity previous, CentreConnectivity current);

    [LoggerMessage(Level = LogLevel.Information, Message = "Centre connectivity {Previous} -> {Current}: the centre answers again")]
    private static partial void LogOnline(ILogger logger, CentreConnectivity previous, CentreConnectivity current);
}
