using CardBridge.HardwareSim.Centre;
using CardBridge.Journal;
using CardBridge.Service.Configuration;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Upload;
using CardBridge.Settlement.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Hosting;

/// <summary>
/// Owns the settlement layer for the service's lifetime: opens the offline journal at start (a journal that cannot
/// be opened stops the start as a configuration error, naming the key), builds the centre adapter on a client from
/// <see cref="IHttpClientFactory"/>, runs the background upload loop, and logs every connectivity change, keeping the
/// latest for health and Stats. In simulator mode without <c>Centre:ServiceUri</c> it runs a simulated centre on a
/// free loopback port whose people are the simulator's card profiles.
/// </summary>
internal sealed partial class SettlementHost : IHostedService, IAsyncDisposable
{
    /// <summary>The name of the HTTP client the centre adapter uses.</summary>
    public const string HttpClientName = "centre";

    private readonly JournalOptions _journalOptions;
    private readonly CentreOptions _centreOptions;
    private readonly JournalUploadOptions _uploadOptions;
    private readonly SimulationOptions _simulation;
    private readonly SimulationJournalKeys _simulationKeys;
    private readonly IHttpClientFactory _http;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<SettlementHost> _logger;
    private readonly IServiceProvider _services;
    private readonly Lock _lock = new();
    private OfflineJournal? _journal;
    private HttpSettlementCentre? _centre;
    private JournalUploadLoop? _loop;
    private SettlementWorkflow? _workflow;
    private readonly SettlementPolicy _policy;
    private CentreConnectivity _connectivity = CentreConnectivity.Online;
    private DateTimeOffset? _connectivityChangedAt;
    private (UploadRound Round, DateTimeOffset CompletedAt)? _lastRound;

    public SettlementHost(
        IOptions<JournalOptions> journal,
        IOptions<CentreOptions> centre,
        IOptions<JournalUploadOptions> upload,
        IOptions<SimulationOptions> simulation,
        IOptions<SettlementPolicy> policy,
        SimulationJournalKeys simulationKeys,
        IHttpClientFactory http,
        TimeProvider time,
        ILoggerFactory loggers,
        IServiceProvider services)
    {
        _services = services;
        _journalOptions = journal.Value;
        _centreOptions = centre.Value;
        _uploadOptions = upload.Value;
        _simulation = simulation.Value;
        _policy = policy.Value;
        _simulationKeys = simulationKeys;
        _http = http;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<SettlementHost>();
    }

    /// <summary>The open journal; set once the host has started.</summary>
    public OfflineJournal Journal => _journal ?? throw new InvalidOperationException("the settlement layer has not started");

    /// <summary>The centre adapter; set once the host has started.</summary>
    public ISettlementCentre Centre => _centre ?? throw new InvalidOperationException("the settlement layer has not started");

    /// <summary>The settlement workflow over the journal and the centre; set once the host has started.</summary>
    public SettlementWorkflow Workflow => _workflow ?? throw new InvalidOperationException("the settlement layer has not started");

    /// <summary>The in-process simulated centre, in simulator mode without a configured <c>Centre:ServiceUri</c>.</summary>
    public SimulatedCentre? SimulatedCentre { get; private set; }

    /// <summary>True between start and stop.</summary>
    public bool IsRunning { get; private set; }

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

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var centreOptions = _centreOptions;
        if (centreOptions.ServiceUri is null && _simulation.Enabled)
        {
            SimulatedCentre = HardwareSim.Centre.SimulatedCentre.Start(
                new SimulatedCentreOptions { Port = 0, People = CentrePerson.FromCardProfiles() }, _time);
            centreOptions = CopyWithUri(centreOptions, SimulatedCentre.ServiceUri);
            LogSimulatedCentre(_logger, SimulatedCentre.ServiceUri);
        }
        if (_simulationKeys.KeyFile is { } keyFile)
        {
            LogSimulationKeys(_logger, keyFile);
        }
        _journal = await OpenJournalAsync(cancellationToken);
        _centre = new HttpSettlementCentre(_http.CreateClient(HttpClientName), centreOptions, _time, _loggers.CreateLogger<HttpSettlementCentre>());
        _centre.ConnectivityChanged += OnConnectivityChanged;
        _workflow = new SettlementWorkflow(_centre, _journal, _policy, _time, Guid.NewGuid, _loggers.CreateLogger<SettlementWorkflow>());
        // Before the first settlement and upload: records a killed process left awaiting their card become pending,
        // settles it left unanswered are completed or reversed at the centre.
        await _workflow.RecoverAsync(cancellationToken);
        // The loop is the container's (SettlementSetup); StopAsync stops it after its round in progress, before the
        // journal it writes to closes with the container.
        _loop = _services.GetRequiredService<JournalUploadLoop>();
        _loop.RoundCompleted += OnRoundCompleted;
        _loop.Start();
        IsRunning = true;
        LogStarted(_logger, centreOptions.ServiceUri!, _uploadOptions.UploadInterval);
    }

    /// <summary>Marks the layer stopped and stops the upload loop after its round in progress; the journal closes with the container.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        IsRunning = false;
        if (_loop is not null)
        {
            await _loop.DisposeAsync();
        }
    }

    /// <summary>Closes the journal (again: closing twice is harmless) and the simulated centre.</summary>
    public async ValueTask DisposeAsync()
    {
        IsRunning = false;
        if (_centre is not null)
        {
            _centre.ConnectivityChanged -= OnConnectivityChanged;
        }
        _workflow?.Dispose();
        if (_journal is not null)
        {
            await _journal.DisposeAsync();
        }
        if (SimulatedCentre is not null)
        {
            await SimulatedCentre.DisposeAsync();
            SimulatedCentre = null;
        }
    }

    // A journal the service cannot open is a deployment fault restarting will not mend: it ends the start like a
    // bad setting (exit code 2), naming the key to look at.
    private async Task<OfflineJournal> OpenJournalAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await OfflineJournal.OpenAsync(_journalOptions, _time, cancellationToken);
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

    private static CentreOptions CopyWithUri(CentreOptions options, Uri uri) => new()
    {
        ServiceUri = uri,
        InstitutionCode = options.InstitutionCode,
        InstitutionName = options.InstitutionName,
        TreatmentAreaCode = options.TreatmentAreaCode,
        InsuredAreaCode = options.InsuredAreaCode,
        ReceiverSystemCode = options.ReceiverSystemCode,
        DeviceNo = options.DeviceNo,
        DeviceSafeInfo = options.DeviceSafeInfo,
        CaInfo = options.CaInfo,
        SignType = options.SignType,
        OperatorType = options.OperatorType,
        OperatorCode = options.OperatorCode,
        OperatorName = options.OperatorName,
        CallTimeout = options.CallTimeout,
        MaxRetries = options.MaxRetries,
        RetryBaseDelay = options.RetryBaseDelay,
        BreakerFailureThreshold = options.BreakerFailureThreshold,
        BreakerFailureRatio = options.BreakerFailureRatio,
        BreakerSamplingDuration = options.BreakerSamplingDuration,
        BreakDuration = options.BreakDuration,
        MaxResponseBytes = options.MaxResponseBytes,
    };

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
            _lastRound = (round, _time.GetUtcNow());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator mode: simulated insurance centre at {ServiceUri} with the card profiles' synthetic people")]
    private static partial void LogSimulatedCentre(ILogger logger, Uri serviceUri);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator mode: journal keys generated once and kept in clear in {KeyFile} — simulation only, never for real records")]
    private static partial void LogSimulationKeys(ILogger logger, string keyFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement: journal open, centre {ServiceUri}, upload every {UploadInterval}")]
    private static partial void LogStarted(ILogger logger, Uri serviceUri, TimeSpan uploadInterval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Centre connectivity {Previous} -> {Current}: settlements go to the offline journal")]
    private static partial void LogOffline(ILogger logger, CentreConnectivity previous, CentreConnectivity current);

    [LoggerMessage(Level = LogLevel.Information, Message = "Centre connectivity {Previous} -> {Current}: the centre answers again")]
    private static partial void LogOnline(ILogger logger, CentreConnectivity previous, CentreConnectivity current);
}
