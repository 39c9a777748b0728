using System.Threading.Channels;

namespace CardBridge.Terminal;

/// <summary>
/// Hands every published item to every current subscriber, each through its own channel and in the one order of
/// <see cref="Publish"/>. A new subscriber can be seeded with a snapshot that no concurrent publish overtakes or
/// repeats; <see cref="Complete"/> ends every stream, and a later subscriber gets a stream that is already complete.
/// Thread-safe.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class Broadcast<T>
{
    private readonly int? _capacity;
    private readonly Lock _lock = new();
    private readonly List<Subscription<T>> _subscribers = [];
    private bool _completed;

    /// <summary>Creates a broadcast with no subscribers.</summary>
    /// <param name="capacity">
    /// Null: every subscriber's channel is unbounded, so a slow reader misses nothing. A number: each subscriber holds
    /// at most that many unread items and loses its oldest when it falls further behind; publishing never waits.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public Broadcast(int? capacity = null)
    {
        if (capacity is { } bound)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound, nameof(capacity));
        }
        _capacity = capacity;
    }

    /// <summary>How many subscriptions are open now.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>
    /// Subscribes to every item published from now on. <paramref name="seed"/>, if given, writes the subscriber's first
    /// items; it runs under the broadcast's lock, so no publish lands before or among them. An owner whose snapshot
    /// reads its own state calls this holding the lock it publishes under. After <see cref="Complete"/> the seed does
    /// not run and the stream is complete at once. Dispose the subscription to leave.
    /// </summary>
    /// <param name="seed">Writes the subscriber's first items; null for none.</param>
    public Subscription<T> Subscribe(Action<ChannelWriter<T>>? seed = null)
    {
        var subscription = new Subscription<T>(this, NewChannel());
        lock (_lock)
        {
            if (_completed)
            {
                subscription.Writer.TryComplete();
                return subscription;
            }
            seed?.Invoke(subscription.Writer);
            _subscribers.Add(subscription);
        }
        return subscription;
    }

    /// <summary>Writes <paramref name="item"/> to every current subscriber; after <see cref="Complete"/> it goes nowhere.</summary>
    /// <param name="item">The item.</param>
    public void Publish(T item)
    {
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(item);
            }
        }
    }

    /// <summary>
    /// Ends every subscriber's stream once it has read what was published before; later subscribers get a complete
    /// stream. Calling it again does nothing.
    /// </summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }
            _subscribers.Clear();
        }
    }

    internal void Remove(Subscription<T> subscription)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscription);
        }
    }

    private Channel<T> NewChannel() => _capacity is { } bound
        ? Channel.CreateBounded<T>(new BoundedChannelOptions(bound) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest })
        : Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
}
