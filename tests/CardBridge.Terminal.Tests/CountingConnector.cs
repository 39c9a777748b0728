using CardBridge.Iso7816;

namespace CardBridge.Terminal.Tests;

/// <summary>Wraps a connector so every APDU sent to any card is counted, and a card pulled mid-command is signalled.</summary>
internal sealed class CountingConnector(ICardConnector inner) : ICardConnector
{
    private int _transmits;

    public int Transmits => Volatile.Read(ref _transmits);

    public TaskCompletionSource CardPulled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every reader a connection was asked for, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> ConnectedReaders { get; } = new();

    /// <summary>The reader of every connection released, in order, as it is released.</summary>
    public System.Threading.Channels.Channel<string> Disconnections { get; } = System.Threading.Channels.Channel.CreateUnbounded<string>();

    public async Task<ICardConnection> ConnectAsync(string reader, CancellationToken cancellationToken)
    {
        ConnectedReaders.Enqueue(reader);
        var connection = await inner.ConnectAsync(reader, cancellationToken);
        return new Counted(reader, connection, this);
    }

    private sealed class Counted(string reader, ICardConnection inner, CountingConnector owner) : ICardConnection, IApduTransport
    {
        public IApduTransport Transport => this;

        public ReadOnlyMemory<byte> Atr => inner.Atr;

        public Cards.Pin.IReaderControl? ReaderControl => inner.ReaderControl;

        public async Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner._transmits);
            try
            {
                return await inner.Transport.TransmitAsync(command, cancellationToken);
            }
            catch (CardRemovedException)
            {
                owner.CardPulled.TrySetResult();
                throw;
            }
        }

        public void Dispose()
        {
            owner.Disconnections.Writer.TryWrite(reader);
            inner.Dispose();
        }
    }
}
