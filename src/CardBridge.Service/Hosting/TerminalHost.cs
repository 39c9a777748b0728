using CardBridge.Cards.Authentication;
using CardBridge.HardwareSim.Profiles;
using CardBridge.HardwareSim.Readers;
using CardBridge.Iso7816;
using CardBridge.Service.Configuration;
using CardBridge.Terminal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Hosting;

/// <summary>
/// Owns the card terminal for the service's lifetime: over PC/SC (the reader monitor and connector), or in
/// simulator mode over an in-process <see cref="SimulatedReaderBank"/>; with the PSAM as authenticator when one
/// is configured.
/// </summary>
internal sealed partial class TerminalHost : IHostedService, IAsyncDisposable
{
    private readonly ReaderOptions _readers;
    private readonly SimulationOptions _simulation;
    private readonly TimeProvider _time;
    private readonly ILogger<TerminalHost> _logger;
    private readonly List<IDisposable> _owned = [];
    private CardTerminal? _terminal;
    private bool _stopped;

    public TerminalHost(IOptions<ReaderOptions> readers, IOptions<SimulationOptions> simulation, TimeProvider time, ILogger<TerminalHost> logger)
    {
        _readers = readers.Value;
        _simulation = simulation.Value;
        _time = time;
        _logger = logger;
        if (_simulation.Enabled)
        {
            var names = _simulation.Psam ? [.. _simulation.Readers, _simulation.PsamReader] : _simulation.Readers;
            Bank = new SimulatedReaderBank(names, time);
            foreach (var reader in _simulation.PinPadReaders)
            {
                Bank.GivePinPad(reader);
            }
        }
    }

    /// <summary>The terminal; set once the host has started.</summary>
    public CardTerminal Terminal => _terminal ?? throw new InvalidOperationException("the terminal has not started");

    /// <summary>True between start and stop.</summary>
    public bool IsRunning => _terminal is not null && !_stopped;

    /// <summary>The PSAM shared by every reader, once started with one; null without a PSAM.</summary>
    public SharedPsam? Psam { get; private set; }

    /// <summary>The simulated readers in simulator mode; null on PC/SC.</summary>
    public SimulatedReaderBank? Bank { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        IReaderMonitor monitor;
        ICardConnector connector;
        string? psamReader;
        if (Bank is not null)
        {
            monitor = Bank;
            connector = Bank;
            psamReader = _simulation.Psam ? _simulation.PsamReader : null;
            if (psamReader is not null)
            {
                Bank.Insert(psamReader, CardProfiles.Load("psam"));
            }
            LogSimulated(_logger, string.Join(", ", _simulation.Readers));
        }
        else
        {
            var pcsc = new PcscReaders(_time);
            _owned.Add(pcsc);
            monitor = pcsc;
            connector = pcsc;
            psamReader = string.IsNullOrWhiteSpace(_readers.PsamReader) ? null : _readers.PsamReader;
        }
        var excluded = new HashSet<string>(_readers.Excluded, StringComparer.Ordinal);
        ICardAuthenticator? authenticator = null;
        if (psamReader is not null)
        {
            excluded.Add(psamReader);
            var slot = new PsamSlot(connector, psamReader);
            var psam = new SharedPsam(new CardChannel(slot), (byte)_readers.PsamKeyIndex);
            _owned.Add(slot);
            _owned.Add(psam);
            Psam = psam;
            authenticator = psam.Authenticator;
            LogPsam(_logger, psamReader);
        }
        _terminal = new CardTerminal(monitor, connector, new CardTerminalOptions
        {
            Authenticator = authenticator,
            TimeProvider = _time,
            ExcludedReaders = excluded,
        });
        _terminal.Start();
        if (Bank is not null)
        {
            foreach (var (reader, profile) in _simulation.InitialCards)
            {
                Bank.Insert(reader, CardProfiles.Load(profile));
            }
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        _stopped = true;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator mode: simulated readers {Readers} with synthetic cards, no PC/SC")]
    private static partial void LogSimulated(ILogger logger, string readers);

    [LoggerMessage(Level = LogLevel.Information, Message = "PSAM in {Reader} checks cards and opens 3.00 holder data")]
    private static partial void LogPsam(ILogger logger, string reader);
}
