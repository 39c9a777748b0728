using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;

namespace CardBridge.Simulation.Transport;

/// <summary>
/// An in-process reader slot holding one simulated card: <c>new CardChannel(new SimulatedCardTransport(card))</c>
/// gives unit tests an <see cref="ICardChannel"/> with no daemon. The card's faults become what a real reader
/// shows: a slow card takes its time, a mute card makes the transmit give up after
/// <see cref="ResponseTimeout"/> with <see cref="CardMuteException"/>, and a card pulled mid-command throws
/// <see cref="CardRemovedException"/> now and on every later transmit until <see cref="Insert"/>.
/// </summary>
public sealed class SimulatedCardTransport : IApduTransport
{
    /// <summary>How long a transmit waits for a mute card unless told otherwise.</summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;
    private volatile bool _present = true;

    /// <summary>Puts <paramref name="card"/> in the slot.</summary>
    public SimulatedCardTransport(ISimulatedCard card, TimeSpan? responseTimeout = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (responseTimeout is { } timeout && timeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(responseTimeout), timeout, "must not be negative");
        }
        Card = card;
        ResponseTimeout = responseTimeout ?? DefaultResponseTimeout;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The card in the slot.</summary>
    public ISimulatedCard Card { get; }

    /// <summary>The card's answer to reset.</summary>
    public ReadOnlyMemory<byte> Atr => Card.Atr;

    /// <summary>How long a transmit waits for an answer before it gives up on a mute card.</summary>
    public TimeSpan ResponseTimeout { get; }

    /// <summary>True while the card is in the slot.</summary>
    public bool IsPresent => _present;

    /// <summary>Takes the card out: every transmit throws <see cref="CardRemovedException"/> until <see cref="Insert"/>.</summary>
    public void Remove() => _present = false;

    /// <summary>Puts the card (back) in: it is reset, as a reader powers up a new card.</summary>
    public void Insert()
    {
        Card.Reset();
        _present = true;
    }

    /// <inheritdoc />
    public async Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_present)
        {
            throw new CardRemovedException("no card in the simulated slot");
        }
        var reply = Card.Process(command.Span);
        switch (reply.Kind)
        {
            case SimulatedReplyKind.Removed:
                _present = false;
                throw new CardRemovedException("the simulated card was removed during the command");
            case SimulatedReplyKind.Mute:
                await Task.Delay(ResponseTimeout, _time, cancellationToken);
                throw new CardMuteException($"the simulated card did not answer within {ResponseTimeout.TotalMilliseconds} ms");
        }
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, _time, cancellationToken);
        }
        if (!_present)
        {
            throw new CardRemovedException("the simulated card was removed before it answered");
        }
        return reply.Response;
    }
}
