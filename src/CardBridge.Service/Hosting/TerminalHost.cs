using CardBridge.Cards.Authentication;
using CardBridge.Iso7816;
using CardBridge.Service.Configuration;
using CardBridge.Terminal;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Hosting;

/// <summary>
/// Owns the card terminal for the service's lifetime, over the readers the host plugs in (its reader monitor and card
/// connector), with the PSAM in <c>Readers:PsamReader</c> as authenticator when one is configured.
/// </summary>
internal sealed partial class TerminalHost(
    IOptions<ReaderOptions> readers,
    IReaderMonitor monitor,
    ICardConnector connector,
    TimeProvider time,
    ILogger<TerminalHost> logger) : HostedPart
{
    private readonly ReaderOptions _readers = readers.Value;
    private readonly List<IDisposable> _owned = [];
    private CardTerminal? _terminal;

    /// <summary>The terminal; set once the host has started.</summary>
    public CardTerminal Terminal => _terminal ?? throw new InvalidOperationException("the terminal has not started");

    /// <summary>The PSAM shared by every reader, once started with one; null without a PSAM.</summary>
    public SharedPsam? Psam { get; private set; }

    /// <summary>The PSAM's slot (its reader and whether it answers), once started with a PSAM; null without one.</summary>
    public PsamSlot? PsamSlot { get; private set; }

    protected override Task OpenAsync(CancellationToken cancellationToken)
    {
        var excluded = new HashSet<string>(_readers.Excluded, StringComparer.Ordinal);
        ICardAuthenticator? authenticator = null;
        if (!string.IsNullOrWhiteSpace(_readers.PsamReader))
        {
            excluded.Add(_readers.PsamReader);
            var slot = new PsamSlot(connector, _readers.PsamReader);
            var psam = new SharedPsam(new CardChannel(slot), (byte)_readers.PsamKeyIndex);
            slot.AvailabilityChanged += (_, _) => LogPsamAvailability(slot);
            _owned.Add(slot);
            _owned.Add(psam);
            Psam = psam;
            PsamSlot = slot;
            authenticator = psam.Authenticator;
            LogPsam(logger, _readers.PsamReader);
        }
        _terminal = new CardTerminal(monitor, connector, new CardTerminalOptions
        {
            Authenticator = authenticator,
            TimeProvider = time,
            ExcludedReaders = excluded,
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
            LogPsamBack(logger, slot.Reader);
        }
        else
        {
            LogPsamUnavailable(logger, slot.Reader, slot.Fault ?? "-");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PSAM in {Reader} does not answer ({Fault}): cards are not checked for genuineness and 3.00 holder data cannot be read until it is back (it is tried again for every card)")]
    private static partial void LogPsamUnavailable(ILogger logger, string reader, string fault);

    [LoggerMessage(Level = LogLevel.Information, Message = "PSAM in {Reader} answers again")]
    private static partial void LogPsamBack(ILogger logger, string reader);

    [LoggerMessage(Level = LogLevel.Information, Message = "PSAM in {Reader} checks cards and opens 3.00 holder data")]
    private static partial void LogPsam(ILogger logger, string reader);
}
