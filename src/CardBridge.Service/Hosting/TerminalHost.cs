using CardBridge.Cards.Authentication;
using CardBridge.Service.Configuration;
using CardBridge.Terminal;
using CardBridge.Terminal.Hsm;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Hosting;

/// <summary>
/// Owns the card terminal for the service's lifetime, over the readers the host plugs in (its reader monitor and card
/// connector). The genuine-card check that opens 3.00 holder data goes through the key authorities configured (DESIGN
/// §8): the PSAM in <c>Readers:PsamReader</c> first, the HSM platform at <c>Hsm:ServiceUri</c> when there is no PSAM or
/// it cannot serve the card.
/// </summary>
internal sealed partial class TerminalHost(
    IOptions<ReaderOptions> readers,
    IOptions<HsmOptions> hsm,
    IReaderMonitor monitor,
    ICardConnector connector,
    IHttpClientFactory http,
    TimeProvider time,
    ILoggerFactory loggers) : HostedPart
{
    /// <summary>The name of the HTTP client the HSM adapter uses.</summary>
    public const string HsmClientName = "hsm";

    private readonly ReaderOptions _readers = readers.Value;
    private readonly HsmOptions _hsm = hsm.Value;
    private readonly ILogger<TerminalHost> _logger = loggers.CreateLogger<TerminalHost>();
    private readonly List<IDisposable> _owned = [];
    private CardTerminal? _terminal;

    /// <summary>The terminal; set once the host has started.</summary>
    public CardTerminal Terminal => _terminal ?? throw new InvalidOperationException("the terminal has not started");

    /// <summary>The PSAM shared by every reader, once started with one; null without a PSAM.</summary>
    public SharedPsam? Psam { get; private set; }

    /// <summary>The HSM platform's adapter, once started with one; null without an HSM.</summary>
    public HttpRemoteHsm? Hsm { get; private set; }

    /// <summary>The PSAM's slot (its reader and whether it answers), once started with a PSAM; null without one.</summary>
    public PsamSlot? PsamSlot { get; private set; }

    protected override Task OpenAsync(CancellationToken cancellationToken)
    {
        var excluded = new HashSet<string>(_readers.Excluded, StringComparer.Ordinal);
        ICardAuthenticator? authenticator = null;
        if (!string.IsNullOrWhiteSpace(_readers.PsamReader))
        {
            var slot = new PsamSlot(connector, _readers.PsamReader);
            var psam = new SharedPsam(slot, (byte)_readers.PsamKeyIndex);
            slot.AvailabilityChanged += (_, _) => LogPsamAvailability(slot);
            _owned.Add(slot);
            _owned.Add(psam);
            Psam = psam;
            PsamSlot = slot;
            authenticator = psam.Authenticator;
            LogPsam(_logger, _readers.PsamReader);
        }
        if (_hsm.ServiceUri is { } uri)
        {
            Hsm = new HttpRemoteHsm(http.CreateClient(HsmClientName), _hsm, time, loggers.CreateLogger<HttpRemoteHsm>());
            authenticator = new FallbackAuthenticator(authenticator, new HsmAuthenticator(Hsm, _hsm.Timeout),
                unavailable => LogPsamCannotServe(_logger, unavailable.Message));
            LogHsm(_logger, uri);
        }
        _terminal = new CardTerminal(monitor, connector, new CardTerminalOptions
        {
            Authenticator = authenticator,
            Psam = Psam,
            TimeProvider = time,
            ExcludedReaders = excluded,
            PreReadBankAccount = _readers.PreReadBankAccount,
        });
        _terminal.Start();
        return Task.CompletedTask;
    }

    protected override async ValueTask CloseAsync()
    {
        if (_terminal is not null)
        {
            await _terminal.DisposeAsync();
        }
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
        _owned.Clear();
    }

    // Only the changes: a PSAM that stays away is one warning, not one per card.
    private void LogPsamAvailability(PsamSlot slot)
    {
        if (slot.Available)
        {
            LogPsamBack(_logger, slot.Reader);
        }
        else
        {
            LogPsamUnavailable(_logger, slot.Reader, slot.Fault ?? "-");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PSAM in {Reader} does not answer ({Fault}): cards are not checked for genuineness and 3.00 holder data cannot be read until it is back (a PSAM put back is reconnected at once)")]
    private static partial void LogPsamUnavailable(ILogger logger, string reader, string fault);

    [LoggerMessage(Level = LogLevel.Information, Message = "PSAM in {Reader} answers again")]
    private static partial void LogPsamBack(ILogger logger, string reader);

    [LoggerMessage(Level = LogLevel.Information, Message = "PSAM in {Reader} checks cards and opens 3.00 holder data")]
    private static partial void LogPsam(ILogger logger, string reader);

    [LoggerMessage(Level = LogLevel.Information, Message = "HSM platform at {ServiceUri} checks the cards the PSAM cannot serve")]
    private static partial void LogHsm(ILogger logger, Uri serviceUri);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PSAM could not serve a card ({Reason}): checking it through the HSM platform")]
    private static partial void LogPsamCannotServe(ILogger logger, string reason);
}
