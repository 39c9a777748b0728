using CardBridge.Qr.Platform;
using CardBridge.Qr.Replay;
using CardBridge.Qr.Sources;
using CardBridge.Qr.Transit;
using CardBridge.Service.Api;
using CardBridge.Service.Configuration;
using CardBridge.Service.Credentials;
using CardBridge.Service.Observability;
using CardBridge.Settlement.Centre;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Hosting;

/// <summary>
/// Owns the QR scanners for the service's lifetime: opens every configured source (serial, TCP, keyboard wedge) and
/// every source the host plugs in, merges repeated reads, and hands each scan to the <see cref="PresentationDesk"/> the
/// moment it is read, then to the <see cref="CodeVerifier"/> (platform codes when <c>Qr:Platform</c> is set, transit
/// codes when <c>Qr:Transit</c> is); an accepted code's credential goes to the <see cref="CodeCredentialStore"/>. Logs
/// name scanners, kinds, lengths and outcomes — never a code or a holder.
/// </summary>
internal sealed partial class QrHost(
    IOptions<QrOptions> options,
    IOptions<CentreOptions> centre,
    IEnumerable<IQrSource> pluggedIn,
    PresentationDesk desk,
    CodeCredentialStore store,
    IHttpClientFactory http,
    TimeProvider time,
    ILoggerFactory loggers,
    ServiceMetrics metrics) : HostedPart
{
    /// <summary>The name of the HTTP client the platform verifier uses.</summary>
    public const string HttpClientName = "qr-platform";

    private readonly QrOptions _options = options.Value;
    private readonly CentreOptions _centre = centre.Value;
    private readonly ILogger<QrHost> _logger = loggers.CreateLogger<QrHost>();
    private readonly List<IQrSource> _sources = [];
    private QrReplayCache? _replay;
    private CodeVerifier? _verifier;

    /// <summary>Raised when a scanner's device is opened or lost. Handlers must not block or throw.</summary>
    public event EventHandler<QrSourceConnectivityEventArgs>? ScannerConnectivityChanged;

    /// <summary>The scanners and whether their device is open now, by name.</summary>
    public IReadOnlyList<(string Name, bool Connected)> Scanners =>
        [.. _sources.Select(s => (s.Name, s.Connectivity == QrSourceConnectivity.Connected)).OrderBy(s => s.Name, StringComparer.Ordinal)];

    protected override async Task OpenAsync(CancellationToken cancellationToken)
    {
        TransitQrVerifier? transit = null;
        if (_options.Transit is { } transitOptions)
        {
            transit = new TransitQrVerifier(transitOptions, time, loggers.CreateLogger<TransitQrVerifier>());
            var path = Path.GetFullPath(_options.Replay.DatabasePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            _replay = await QrReplayCache.OpenAsync(
                new QrReplayCacheOptions { DatabasePath = path, MaxEntries = _options.Replay.MaxEntries, ExpiredRetention = _options.Replay.ExpiredRetention },
                time, loggers.CreateLogger<QrReplayCache>(), cancellationToken);
        }
        var platform = _options.Platform is null
            ? null
            : new HttpQrVerifier(http.CreateClient(HttpClientName), _options.Platform, time, loggers.CreateLogger<HttpQrVerifier>());
        var context = new QrVerifyContext(OrgCode(_centre.InstitutionCode), _options.BusinessType, OrgCode(_centre.OperatorCode), _centre.OperatorName);
        _verifier = new CodeVerifier(platform, _options.Platform, context, transit, _replay, _options.CredentialLifetime);

        foreach (var source in ConfiguredSources().Concat(pluggedIn))
        {
            var debounced = new DebouncingQrSource(source, _options.Debounce, loggers.CreateLogger<DebouncingQrSource>());
            debounced.ConnectivityChanged += OnConnectivityChanged;
            _sources.Add(debounced);
            await debounced.StartAsync(cancellationToken);
            Pump(stopping => PumpAsync(debounced, stopping));
        }
        LogStarted(_logger, _sources.Count, _options.Platform is not null, transit is not null);
    }

    protected override async Task StoppingAsync()
    {
        foreach (var source in _sources)
        {
            await source.StopAsync(CancellationToken.None);
        }
    }

    protected override async ValueTask CloseAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
        if (_replay is not null)
        {
            await _replay.DisposeAsync();
        }
    }

    private IEnumerable<IQrSource> ConfiguredSources()
    {
        foreach (var serial in _options.Serial)
        {
            yield return new SerialQrSource(serial, time, loggers.CreateLogger<SerialQrSource>());
        }
        foreach (var tcp in _options.Tcp)
        {
            yield return new TcpQrSource(tcp, time, loggers.CreateLogger<TcpQrSource>());
        }
        foreach (var wedge in _options.KeyboardWedge)
        {
            yield return new KeyboardWedgeQrSource(wedge, time, loggers.CreateLogger<KeyboardWedgeQrSource>());
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
                var presentation = desk.CodeArrived(scan.Scanner, scan.ScannedAt);
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
                store.Add(credential);
                LogAccepted(_logger, scan.Scanner, outcome.Kind, scan.Text.Length, credential.Id);
            }
            else
            {
                LogRefused(_logger, scan.Scanner, outcome.Kind, scan.Text.Length, outcome.Error!);
            }
            metrics.RecordQrVerification(CodeMapper.KindName(outcome.Kind), outcome.Error is { } refused ? RpcErrors.NameOf(RpcErrors.ReasonOf(refused)) : "accepted");
            desk.CodeResolved(presentation, outcome);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Scanner {Scanner}: {Kind} code ({Length} chars) accepted as credential {CredentialId}")]
    private static partial void LogAccepted(ILogger logger, string scanner, CodeKind kind, int length, Guid credentialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scanner {Scanner}: {Kind} code ({Length} chars) refused")]
    private static partial void LogRefused(ILogger logger, string scanner, CodeKind kind, int length, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scanner {Scanner} is {Connectivity}")]
    private static partial void LogConnectivity(ILogger logger, string scanner, QrSourceConnectivity connectivity);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanner {Scanner} stopped for good")]
    private static partial void LogSourceFailed(ILogger logger, string scanner, Exception error);
}
