using System.Threading.Channels;

namespace CardBridge.Terminal;

/// <summary>One subscriber of a <see cref="Broadcast{T}"/>: read <see cref="Reader"/>, dispose to leave.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class Subscription<T> : IDisposable
{
    private readonly Broadcast<T> _source;
    private readonly Channel<T> _channel;

    internal Subscription(Broadcast<T> source, Channel<T> channel)
    {
        _source = source;
        _channel = channel;
    }

    /// <summary>The items, in publish order; complete when the subscription is disposed or the broadcast completes.</summary>
    public ChannelReader<T> Reader => _channel.Reader;

    internal ChannelWriter<T> Writer => _channel.Writer;

    /// <summary>Leaves the broadcast: nothing more is written, and the reader completes after what it holds.</summary>
    public void Dispose()
    {
        _source.Remove(this);
        _channel.Writer.TryComplete();
    }
}
