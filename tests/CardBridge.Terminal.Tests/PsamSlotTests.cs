using CardBridge.Cards.Pin;
using CardBridge.Iso7816;

namespace CardBridge.Terminal.Tests;

public sealed class PsamSlotTests
{
    private const string Reader = "PSAM";
    private static readonly byte[] Command = Convert.FromHexString("00A4000C023F00");

    /// <summary>Hands out connections whose transports fail as told, counting connects and disposals.</summary>
    private sealed class Connections : ICardConnector
    {
        public Queue<Exception?> Failures { get; } = [];

        public Queue<Exception> ConnectFailures { get; } = [];

        public List<Connection> Made { get; } = [];

        /// <summary>When set, a transmit signals <see cref="Sent"/> and waits for it before answering.</summary>
        public TaskCompletionSource? Hold { get; set; }

        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<ICardConnection> ConnectAsync(string reader, CancellationToken cancellationToken)
        {
            Assert.Equal(Reader, reader);
            if (ConnectFailures.TryDequeue(out var failure))
            {
                return Task.FromException<ICardConnection>(failure);
            }
            var connection = new Connection(this);
            Made.Add(connection);
            return Task.FromResult<ICardConnection>(connection);
        }

        public sealed class Connection(Connections owner) : ICardConnection, IApduTransport
        {
            public bool Disposed { get; private set; }

            public IApduTransport Transport => this;

            public ReadOnlyMemory<byte> Atr => ReadOnlyMemory<byte>.Empty;

            public IReaderControl? ReaderControl => null;

            public async Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
            {
                if (owner.Hold is { } hold)
                {
                    owner.Sent.TrySetResult();
                    await hold.Task.WaitAsync(cancellationToken);
                }
                return owner.Failures.TryDequeue(out var failure) && failure is not null
                    ? throw failure
                    : [0x90, 0x00];
            }

            public void Dispose() => Disposed = true;
        }
    }

    private static ReaderServiceLostException ServiceLost() =>
        new("SCARD_E_NO_SERVICE", "SCardTransmit failed: SCARD_E_NO_SERVICE", new IOException("pcscd restarted"));

    [Fact]
    public async Task A_handle_from_before_a_service_restart_is_replaced_and_the_command_sent_once_more()
    {
        var connections = new Connections();
        using var slot = new PsamSlot(connections, Reader);
        await slot.TransmitAsync(Command, CancellationToken.None);
        connections.Failures.Enqueue(ServiceLost());

        var answer = await slot.TransmitAsync(Command, CancellationToken.None);

        Assert.Equal([0x90, 0x00], answer);
        Assert.Equal(2, connections.Made.Count);
        Assert.True(connections.Made[0].Disposed);
        Assert.False(connections.Made[1].Disposed);
    }

    [Fact]
    public async Task A_fresh_connection_that_finds_the_service_lost_reaches_the_caller_and_the_next_command_connects_again()
    {
        var connections = new Connections();
        using var slot = new PsamSlot(connections, Reader);
        connections.Failures.Enqueue(ServiceLost());

        await Assert.ThrowsAsync<ReaderServiceLostException>(() => slot.TransmitAsync(Command, CancellationToken.None));
        await slot.TransmitAsync(Command, CancellationToken.None);

        Assert.Equal(2, connections.Made.Count);
        Assert.True(connections.Made[0].Disposed);
    }

    // Issue 19: a stale handle is tried once more on a fresh connection (the PSAM may be back); one still away fails
    // that connect, and that is what the caller gets — no connection is made.
    [Fact]
    public async Task A_pulled_PSAM_reaches_the_caller_once_a_fresh_connect_finds_it_absent()
    {
        var connections = new Connections();
        using var slot = new PsamSlot(connections, Reader);
        await slot.TransmitAsync(Command, CancellationToken.None);
        connections.Failures.Enqueue(new CardRemovedException("no card in PSAM"));
        connections.ConnectFailures.Enqueue(new CardRemovedException("no card in PSAM"));

        await Assert.ThrowsAsync<CardRemovedException>(() => slot.TransmitAsync(Command, CancellationToken.None));

        Assert.Single(connections.Made);
        Assert.True(connections.Made[0].Disposed);
        Assert.False(slot.Available);
        Assert.Equal("SCARD_E_NO_SMARTCARD", slot.Fault);
    }

    [Fact]
    public async Task A_handle_from_before_the_PSAM_was_pulled_and_put_back_is_replaced_and_the_command_sent_once_more()
    {
        var connections = new Connections();
        using var slot = new PsamSlot(connections, Reader);
        await slot.TransmitAsync(Command, CancellationToken.None);
        connections.Failures.Enqueue(new CardResetException("SCARD_W_REMOVED_CARD", "SCardTransmit failed: SCARD_W_REMOVED_CARD", new IOException("pulled")));

        var answer = await slot.TransmitAsync(Command, CancellationToken.None);

        Assert.Equal([0x90, 0x00], answer);
        Assert.Equal(2, connections.Made.Count);
        Assert.True(slot.Available);
    }

    [Fact]
    public async Task A_PSAM_that_does_not_answer_is_unavailable_with_its_fault_until_it_answers_again_and_each_change_is_told_once()
    {
        var connections = new Connections();
        using var slot = new PsamSlot(connections, Reader);
        var changes = new List<bool>();
        slot.AvailabilityChanged += (_, _) => changes.Add(slot.Available);
        connections.Failures.Enqueue(ServiceLost());
        connections.Failures.Enqueue(ServiceLost());

        await Assert.ThrowsAsync<ReaderServiceLostException>(() => slot.TransmitAsync(Command, CancellationToken.None));
        var fault = slot.Fault;
        var available = slot.Available;
        await Assert.ThrowsAsync<ReaderServiceLostException>(() => slot.TransmitAsync(Command, CancellationToken.None));
        await slot.TransmitAsync(Command, CancellationToken.None);

        Assert.False(available);
        Assert.Equal("SCARD_E_NO_SERVICE", fault);
        Assert.True(slot.Available);
        Assert.Null(slot.Fault);
        Assert.Equal([false, true], changes);
    }

    [Fact]
    public async Task A_PSAM_seen_to_leave_is_unavailable_with_the_monitors_fault_and_its_idle_connection_is_dropped_at_once()
    {
        var connections = new Connections();
        using var slot = new PsamSlot(connections, Reader);
        var changes = new List<bool>();
        slot.AvailabilityChanged += (_, _) => changes.Add(slot.Available);
        await slot.TransmitAsync(Command, CancellationToken.None);

        slot.Leave("SCARD_E_NO_SMARTCARD");
        var dropped = connections.Made[0].Disposed;
        connections.ConnectFailures.Enqueue(new CardRemovedException("no card in PSAM"));
        await Assert.ThrowsAsync<CardRemovedException>(() => slot.TransmitAsync(Command, CancellationToken.None));

        Assert.True(dropped);
        Assert.False(slot.Available);
        Assert.Equal("SCARD_E_NO_SMARTCARD", slot.Fault);
        Assert.Equal([false], changes);
    }

    [Fact]
    public async Task A_PSAM_put_back_answers_on_a_fresh_connection_and_is_available_again()
    {
        var connections = new Connections();
        using var slot = new PsamSlot(connections, Reader);
        await slot.TransmitAsync(Command, CancellationToken.None);
        slot.Leave("SCARD_E_NO_SMARTCARD");

        slot.Arrive();
        await slot.TransmitAsync(Command, CancellationToken.None);

        Assert.Equal(2, connections.Made.Count);
        Assert.True(slot.Available);
        Assert.Null(slot.Fault);
    }

    [Fact]
    public async Task An_answer_to_a_command_sent_before_the_PSAM_left_leaves_it_unavailable_and_its_handle_goes_with_the_command()
    {
        var connections = new Connections();
        using var slot = new PsamSlot(connections, Reader);
        connections.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var command = slot.TransmitAsync(Command, CancellationToken.None);
        await connections.Sent.Task.WaitAsync(TimeSpan.FromSeconds(10));

        slot.Leave("SCARD_E_NO_SMARTCARD");
        var droppedWhileBusy = connections.Made[0].Disposed;
        connections.Hold.SetResult();
        await command;

        Assert.False(droppedWhileBusy);
        Assert.True(connections.Made[0].Disposed);
        Assert.False(slot.Available);
        Assert.Equal("SCARD_E_NO_SMARTCARD", slot.Fault);
    }
}
