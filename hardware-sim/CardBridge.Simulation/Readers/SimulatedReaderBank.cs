using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CardBridge.Cards.Pin;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.PinPad;
using CardBridge.Simulation.Transport;
using CardBridge.Terminal;

namespace CardBridge.Simulation.Readers;

/// <summary>
/// Named in-process readers with simulated cards: the reader monitor and card connector of the service's
/// <c>--simulate</c> mode and of hermetic tests. Readers attach and detach and cards go in and out at any time;
/// every watcher sees the same events a PC/SC monitor reports. A removed card's connections fail with
/// <see cref="CardRemovedException"/>.
/// </summary>
public sealed class SimulatedReaderBank : IReaderMonitor, ICardConnector
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimulatedCardTransport?> _readers = new(StringComparer.Ordinal);
    private readonly List<Channel<ReaderEvent>> _watchers = [];
    private readonly Dictionary<string, SimulatedPinPadReader?> _pinPads = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan? _responseTimeout;
    private bool _serviceLost;

    /// <summary>Creates a bank with the given (empty) readers.</summary>
    /// <param name="readers">The reader names.</param>
    /// <param name="timeProvider">The clock for card delays and mute timeouts.</param>
    /// <param name="responseTimeout">How long a transmit waits for a mute card; <see cref="SimulatedCardTransport.DefaultResponseTimeout"/> unless given.</param>
    public SimulatedReaderBank(IEnumerable<string> readers, TimeProvider? timeProvider = null, TimeSpan? responseTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(readers);
        _time = timeProvider ?? TimeProvider.System;
        _responseTimeout = responseTimeout;
        foreach (var reader in readers)
        {
            _readers.Add(reader, null);
        }
    }

    /// <summary>The readers attached now.</summary>
    public IReadOnlyList<string> Readers
    {
        get
        {
            lock (_gate)
            {
                return _serviceLost ? [] : [.. _readers.Keys];
            }
        }
    }

    /// <summary>Plugs in a reader.</summary>
    /// <exception cref="InvalidOperationException">A reader of that name is attached.</exception>
    public void AttachReader(string reader)
    {
        ArgumentException.ThrowIfNullOrEmpty(reader);
        lock (_gate)
        {
            if (!_readers.TryAdd(reader, null))
            {
                throw new InvalidOperationException($"reader {reader} is already attached");
            }
            Publish(new ReaderAttached(reader));
        }
    }

    /// <summary>Unplugs a reader; its card, if any, goes with it.</summary>
    public void DetachReader(string reader)
    {
        lock (_gate)
        {
            if (_readers.Remove(reader, out var slot))
            {
                if (slot is not null)
                {
                    slot.Remove();
                    Publish(new CardRemoved(reader));
                }
                Publish(new ReaderDetached(reader));
            }
        }
    }

    /// <summary>Puts <paramref name="card"/> in <paramref name="reader"/> (powered up: it is reset).</summary>
    /// <exception cref="InvalidOperationException">The reader is unknown or holds a card.</exception>
    public void Insert(string reader, ISimulatedCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        lock (_gate)
        {
            if (!_readers.TryGetValue(reader, out var slot))
            {
                throw new InvalidOperationException($"no reader {reader}");
            }
            if (slot is not null)
            {
                throw new InvalidOperationException($"reader {reader} already holds a card");
            }
            var transport = new SimulatedCardTransport(card, _responseTimeout, _time);
            transport.Insert();
            _readers[reader] = transport;
            if (_pinPads.ContainsKey(reader))
            {
                _pinPads[reader] = new SimulatedPinPadReader(transport);
            }
            Publish(new CardInserted(reader, card.Atr));
        }
    }

    /// <summary>Gives <paramref name="reader"/> a PIN pad (PC/SC part 10 VERIFY_PIN_DIRECT) from its next card on.</summary>
    /// <exception cref="InvalidOperationException">The reader is unknown.</exception>
    public void GivePinPad(string reader)
    {
        lock (_gate)
        {
            if (!_readers.ContainsKey(reader))
            {
                throw new InvalidOperationException($"no reader {reader}");
            }
            _pinPads.TryAdd(reader, null);
        }
    }

    /// <summary>The PIN pad of <paramref name="reader"/> with the card in it now, to script what the holder types; null when it has none or is empty.</summary>
    public SimulatedPinPadReader? PinPadOf(string reader)
    {
        lock (_gate)
        {
            return _pinPads.GetValueOrDefault(reader);
        }
    }

    /// <summary>Takes the card out of <paramref name="reader"/>: transmits to it fail with <see cref="CardRemovedException"/>.</summary>
    public void Remove(string reader)
    {
        lock (_gate)
        {
            if (_readers.TryGetValue(reader, out var slot) && slot is not null)
            {
                slot.Remove();
                _readers[reader] = null;
                if (_pinPads.ContainsKey(reader))
                {
                    _pinPads[reader] = null;
                }
                Publish(new CardRemoved(reader));
            }
        }
    }

    /// <summary>Simulates the PC/SC service going away: every card and reader is reported gone.</summary>
    public void LoseService(string reason)
    {
        lock (_gate)
        {
            if (_serviceLost)
            {
                return;
            }
            foreach (var (reader, slot) in _readers)
            {
                if (slot is not null)
                {
                    Publish(new CardRemoved(reader));
                }
                Publish(new ReaderDetached(reader));
            }
            _serviceLost = true;
            Publish(new ServiceLost(reason));
        }
    }

    /// <summary>Brings the service back: the readers and the cards still in them are reported again.</summary>
    public void RestoreService()
    {
        lock (_gate)
        {
            if (!_serviceLost)
            {
                return;
            }
            _serviceLost = false;
            Publish(new ServiceRestored());
            PublishSnapshot(Publish);
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ReaderEvent> WatchAsync(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<ReaderEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            if (!_serviceLost)
            {
                PublishSnapshot(e => channel.Writer.TryWrite(e));
            }
            _watchers.Add(channel);
        }
        return ReadAsync(channel, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ICardConnection> ConnectAsync(string reader, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_serviceLost || !_readers.TryGetValue(reader, out var slot) || slot is null || !slot.IsPresent)
            {
                throw new CardRemovedException($"no card in {reader}");
            }
            return Task.FromResult<ICardConnection>(new Connection(slot, _pinPads.GetValueOrDefault(reader)));
        }
    }

    private void PublishSnapshot(Action<ReaderEvent> publish)
    {
        foreach (var (reader, _) in _readers)
        {
            publish(new ReaderAttached(reader));
        }
        foreach (var (reader, slot) in _readers)
        {
            if (slot is not null)
            {
                publish(new CardInserted(reader, slot.Atr));
            }
        }
    }

    private void Publish(ReaderEvent change)
    {
        foreach (var watcher in _watchers)
        {
            watcher.Writer.TryWrite(change);
        }
    }

    private async IAsyncEnumerable<ReaderEvent> ReadAsync(Channel<ReaderEvent> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }

    // One insertion's transport: once its card is removed it stays removed, even if the same card object goes back in.
    private sealed class Connection(SimulatedCardTransport slot, SimulatedPinPadReader? pinPad) : ICardConnection
    {
        public IApduTransport Transport => slot;

        public ReadOnlyMemory<byte> Atr => slot.Atr;

        public IReaderControl? ReaderControl => pinPad;

        public void Dispose()
        {
        }
    }
}
