using System.IO.Pipelines;
using System.Text;
using CardBridge.Qr.Platform;
using CardBridge.Qr.Replay;
using CardBridge.Qr.Sources;
using CardBridge.Qr.Transit;
using CardBridge.Service.Api;
using CardBridge.Service.Configuration;
using CardBridge.Service.Credentials;
using CardBridge.Service.Observability;
using CardBridge.Settlement.Centre;
using CardBridge.Simulation.Qr.Platform;
using CardBridge.Simulation.Qr.Transit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Hosting;

/// <summary>
/// Owns the QR scanners for the service's lifetime: opens every configured source (serial, TCP, keyboard wedge — and
/// in simulator mode the simulated scanners, with an in-process platform and the fake transit roots unless real ones
/// are configured), merges repeated reads, and hands each scan to the <see cref="PresentationDesk"/> the moment it is
/// read, then to the <see cref="CodeVerifier"/>; an accepted code's credential goes to the
/// <see cref="CodeCredentialStore"/>. Logs name scanners, kinds, lengths and outcomes — never a code or a holder.
/// </summary>
internal sealed partial class QrHost : IHostedService, IAsyncDisposable
{
    /// <summary>The name of the HTTP client the platform verifier uses.</summary>
    public const string HttpClientName = "qr-platform";

    private readonly QrOptions _options;
    private readonly SimulationOptions _simulation;
    private readonly CentreOptions _centre;
    private readonly PresentationDesk _desk;
    private readonly CodeCredentialStore _store;
    private readonly IHttpClientFactory _http;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<QrHost> _logger;
    private readonly ServiceMetrics _metrics;
    private readonly List<IQrSource> _sources = [];
    private readonly List<Task> _pumps = [];
    private readonly Dictionary<string, PipeWriter> _simulatedInputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lastSimulatedCode = new(StringComparer.Ordinal);
    private readonly Lock _simulatedLock = new();
    private readonly CancellationTokenSource _stop = new();
    private QrReplayCache? _replay;
    private CodeVerifier? _verifier;
    private bool _stopped;

    public QrHost(
        IOptions<QrOptions> options,
        IOptions<SimulationOptions> simulation,
        IOptions<CentreOptions> centre,
        PresentationDesk desk,
        CodeCredentialStore store,
        IHttpClientFactory http,
        TimeProvider time,
        ILoggerFactory loggers,
        ServiceMetrics metrics)
    {
        _metrics = metrics;
        _options = options.Value;
        _simulation = simulation.Value;
        _centre = centre.Value;
        _desk = desk;
        _store = store;
        _http = http;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<QrHost>();
    }

    /// <summary>Raised when a scanner's device is opened or lost. Handlers must not block or throw.</summary>
    public event EventHandler<QrSourceConnectivityEventArgs>? ScannerConnectivityChanged;

    /// <summary>The scanners and whether their device is open now, by name.</summary>
    public IReadOnlyList<(string Name, bool Connected)> Scanners =>
        [.. _sources.Select(s => (s.Name, s.Connectivity == QrSourceConnectivity.Connected)).OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>The in-process simulated platform, in simulator mode without a configured <c>Qr:Platform</c>.</summary>
    public SimulatedQrPlatform? SimulatedPlatform { get; private set; }

    /// <summary>The transit code maker whose roots the terminal trusts, in simulator mode without configured <c>Qr:Transit</c>.</summary>
    public SimTransitQrGenerator? SimulatedTransitIssuer { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var platformOptions = _options.Platform;
        var transitOptions = _options.Transit;
        if (_simulation.Enabled && platformOptions is null)
        {
            SimulatedPlatform = SimulatedQrPlatform.Start(new SimulatedQrPlatformOptions { Port = 0 }, _time);
            platformOptions = new PlatformQrOptions { EVoucherUri = SimulatedPlatform.EVoucherUri, SocialSecurityCardUri = SimulatedPlatform.SocialSecurityCardUri };
            LogSimulatedPlatform(_logger, SimulatedPlatform.ServiceUri);
        }
        if (_simulation.Enabled && transitOptions is null)
        {
            var keys = SimTransitQrKeys.Default;
            transitOptions = new TransitQrOptions { RootPublicKeys = new Dictionary<byte, string>(keys.TrustedRootPublicKeys) };
            SimulatedTransitIssuer = new SimTransitQrGenerator(keys, _time);
        }
        TransitQrVerifier? transit = null;
        if (transitOptions is not null)
        {
            transit = new TransitQrVerifier(transitOptions, _time, _loggers.CreateLogger<TransitQrVerifier>());
            var path = Path.GetFullPath(_options.Replay.DatabasePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            _replay = await QrReplayCache.OpenAsync(
                new QrReplayCacheOptions { DatabasePath = path, MaxEntries = _options.Replay.MaxEntries, ExpiredRetention = _options.Replay.ExpiredRetention },
                _time, _loggers.CreateLogger<QrReplayCache>(), cancellationToken);
        }
        var platform = platformOptions is null
            ? null
            : new HttpQrVerifier(_http.CreateClient(HttpClientName), platformOptions, _time, _loggers.CreateLogger<HttpQrVerifier>());
        var context = new QrVerifyContext(OrgCode(_centre.InstitutionCode), _options.BusinessType, OrgCode(_centre.OperatorCode), _centre.OperatorName);
        _verifier = new CodeVerifier(platform, platformOptions, context, transit, _replay, _options.CredentialLifetime);

        foreach (var source in CreateSources())
        {
            var debounced = new DebouncingQrSource(source, _options.Debounce, _loggers.CreateLogger<DebouncingQrSource>());
            debounced.ConnectivityChanged += OnConnectivityChanged;
            _sources.Add(debounced);
            await debounced.StartAsync(cancellationToken);
            _pumps.Add(Task.Run(() => PumpAsync(debounced, _stop.Token), CancellationToken.None));
        }
        LogStarted(_logger, _sources.Count, platformOptions is not null, transit is not null);
    }

    /// <summary>
    /// Holds a simulated code to simulated scanner <paramref name="scanner"/>: the text goes down the same path a
    /// keyboard-wedge scanner's keystrokes do. Returns the text's length.
    /// </summary>
    public async Task<int> PresentSimulatedAsync(string scanner, Func<string?, string> makeText, CancellationToken cancellationToken)
    {
        PipeWriter input;
        string text;
        lock (_simulatedLock)
        {
            if (!_simulatedInputs.TryGetValue(scanner, out input!))
            {
                throw new KeyNotFoundException(scanner);
            }
            text = makeText(_lastSimulatedCode.GetValueOrDefault(scanner));
            _lastSimulatedCode[scanner] = text;
        }
        await input.WriteAsync(Encoding.UTF8.GetBytes(text + "\n"), cancellationToken);
        return text.Length;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await _stop.CancelAsync();
        foreach (var source in _sources)
        {
            await source.StopAsync(CancellationToken.None);
        }
        await Task.WhenAll(_pumps);
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
        lock (_simulatedLock)
        {
            foreach (var input in _simulatedInputs.Values)
            {
                input.Complete();
            }
        }
        if (_replay is not null)
        {
            await _replay.DisposeAsync();
        }
        if (SimulatedPlatform is not null)
        {
            await SimulatedPlatform.DisposeAsync();
        }
        _stop.Dispose();
    }

    private IEnumerable<IQrSource> CreateSources()
    {
        foreach (var serial in _options.Serial)
        {
            yield return new SerialQrSource(serial, _time, _loggers.CreateLogger<SerialQrSource>());
        }
        foreach (var tcp in _options.Tcp)
        {
            yield return new TcpQrSource(tcp, _time, _loggers.CreateLogger<TcpQrSource>());
        }
        foreach (var wedge in _options.KeyboardWedge)
        {
            yield return new KeyboardWedgeQrSource(wedge, _time, _loggers.CreateLogger<KeyboardWedgeQrSource>());
        }
        if (!_simulation.Enabled)
        {
            yield break;
        }
        foreach (var name in _simulation.Scanners)
        {
            var pipe = new Pipe();
            lock (_simulatedLock)
            {
                _simulatedInputs[name] = pipe.Writer;
            }
            var keystrokes = new StreamReader(pipe.Reader.AsStream(), Encoding.UTF8);
            yield return new KeyboardWedgeQrSource(name, keystrokes, new QrFramingOptions { Suffix = QrLineSuffix.LineFeed }, _time,
                _loggers.CreateLogger<KeyboardWedgeQrSource>());
        }
    }

    private async Task PumpAsync(DebouncingQrSource source, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(_options.MaxConcurrentVerifications);
        var running = new List<Task>();
        try
        {
            await foreach (var scan in source.Scans.ReadAllAsync(cancellationToken))
            {
                // Its place in the arrival order is taken now, before the (possibly slow) verification.
                var presentation = _desk.CodeArrived(scan.Scanner, scan.ScannedAt);
                await slots.WaitAsync(cancellationToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(VerifyAsync(presentation, scan, slots, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (QrSourceFailedException e)
        {
            LogSourceFailed(_logger, source.Name, e);
        }
        await Task.WhenAll(running);
    }

    private async Task VerifyAsync(CodePresentation presentation, QrScan scan, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            var outcome = await _verifier!.VerifyAsync(scan.Scanner, scan.Text, scan.ScannedAt, cancellationToken);
            if (outcome.Credential is { } credential)
            {
                _store.Add(credential);
                LogAccepted(_logger, scan.Scanner, outcome.Kind, scan.Text.Length, credential.Id);
            }
            else
            {
                LogRefused(_logger, scan.Scanner, outcome.Kind, scan.Text.Length, outcome.Error!);
            }
            _metrics.RecordQrVerification(CodeMapper.KindName(outcome.Kind), outcome.Error is { } refused ? RpcErrors.NameOf(RpcErrors.ReasonOf(refused)) : "accepted");
            _desk.CodeResolved(presentation, outcome);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the code stays unanswered, as the service does.
        }
        finally
        {
            slots.Release();
        }
    }

    private void OnConnectivityChanged(object? sender, QrSourceConnectivityEventArgs change)
    {
        LogConnectivity(_logger, change.Scanner, change.Connectivity);
        ScannerConnectivityChanged?.Invoke(this, change);
    }

    // The platform wants 1–30 letters or digits; a configuration without them (a terminal with no centre settings)
    // still verifies codes as an anonymous terminal.
    private static string OrgCode(string? value) =>
        value is { Length: >= 1 and <= 30 } && value.All(char.IsAsciiLetterOrDigit) ? value : "CARDBRIDGE";

    [LoggerMessage(Level = LogLevel.Information, Message = "QR: {Scanners} scanner(s), platform codes {Platform}, transit codes {Transit}")]
    private static partial void LogStarted(ILogger logger, int scanners, bool platform, bool transit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator mode: e-voucher and e-SSC codes are verified by the simulated platform at {Uri}")]
    private static partial void LogSimulatedPlatform(ILogger logger, Uri uri);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scanner {Scanner}: {Kind} code ({Length} chars) accepted as credential {CredentialId}")]
    private static partial void LogAccepted(ILogger logger, string scanner, CodeKind kind, int length, Guid credentialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scanner {Scanner}: {Kind} code ({Length} chars) refused")]
    private static partial void LogRefused(ILogger logger, string scanner, CodeKind kind, int length, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scanner {Scanner} is {Connectivity}")]
    private static partial void LogConnectivity(ILogger logger, string scanner, QrSourceConnectivity connectivity);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanner {Scanner} stopped for good")]
    private static partial void LogSourceFailed(ILogger logger, string scanner, Exception error);
}
