using System.Threading.Channels;
using CardBridge.Cards.Pin;
using CardBridge.Iso7816;

namespace CardBridge.Terminal;

/// <summary>
/// The one owner of a reader (DESIGN §2): a loop that runs the reader's work items one after the other, so the
/// APDUs to its card never interleave, while other readers' workers run in parallel.
/// </summary>
internal sealed class ReaderWorker(string name, CardTerminal terminal, ICardConnector connector, ArrivalPreRead preRead)
{
    private const string SecurityViolation = "SCARD_W_SECURITY_VIOLATION";

    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private ICardConnection? _connection;
    private CardChannel? _channel;
    private CardPresence? _connectedPresence;

    public string Name { get; } = name;

    /// <summary>The reader's part 10 features, learnt over the first connection that offered reader control.</summary>
    public ReaderFeatures? Features { get; private set; }

    /// <summary>The card in the reader now; guarded by the terminal's lock.</summary>
    public CardPresence? Presence { get; set; }

    /// <summary>Starts the loop that runs the work items; its task ends once <see cref="Complete"/> was called and the queue is drained.</summary>
    public Task Start() => Task.Run(RunAsync);

    public bool TryEnqueue(Func<Task> item) => _work.Writer.TryWrite(item);

    public void Complete() => _work.Writer.TryComplete();

    public void Arrive(CardPresence presence, ReadOnlyMemory<byte> atr) => TryEnqueue(() => PreReadAsync(presence, atr));

    public void Leave(CardPresence presence) => TryEnqueue(() =>
    {
        if (ReferenceEquals(_connectedPresence, presence))
        {
            Release();
        }
        return Task.CompletedTask;
    });

    public bool TryEnqueue<T>(CardWork<T> work, CancellationToken cancellationToken) =>
        TryEnqueue(() => work.RunAsync(_channel is null ? null : new CardAccess(_channel, _connection?.ReaderControl), _connectedPresence, cancellationToken));

    private async Task RunAsync()
    {
        try
        {
            await foreach (var item in _work.Reader.ReadAllAsync())
            {
                await item();
            }
        }
        finally
        {
            Release();
        }
    }

    private async Task PreReadAsync(CardPresence presence, ReadOnlyMemory<byte> monitorAtr)
    {
        Release();
        var gone = presence.Gone;
        if (gone.IsCancellationRequested)
        {
            return;
        }
        try
        {
            var step = ArrivalTiming.Record("queue", presence.ReportedAt);
            var connection = await connector.ConnectAsync(Name, gone);
            step = ArrivalTiming.Record("connect", step);
            _connection = connection;
            _channel = new CardChannel(new TimedTransport(connection.Transport, Name));
            _connectedPresence = presence;
            await LearnFeaturesAsync(connection, gone);
            var atr = connection.Atr.IsEmpty ? monitorAtr : connection.Atr;
            var session = await preRead.ReadAsync(_channel, Name, atr, gone);
            step = ArrivalTiming.Record("pre_read", step);
            terminal.OnSessionReady(this, presence, session);
            ArrivalTiming.Record("publish", step);
            ArrivalTiming.Record("total", presence.ReportedAt);
        }
        // DESIGN §3 recovery: a card pulled mid-read, or a reader or service gone meanwhile, ends the read without a
        // session; the monitor reports the removal or the service loss.
        catch (CardRemovedException)
        {
            Release();
        }
        catch (OperationCanceledException) when (gone.IsCancellationRequested)
        {
            Release();
        }
        catch (ReaderException e) when (IsServiceGone(e))
        {
            Release();
        }
#pragma warning disable CA1031 // a card that cannot be read must not take its reader's worker down; the event carries the error
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Release();
            terminal.OnCardUnreadable(this, presence, e);
        }
    }

    // Once per reader: PC/SC answers GET_FEATURE_REQUEST only over a connection. A reader that cannot answer it is a
    // reader without part 10 features; asking again at every card would only slow its pre-reads down.
    private async Task LearnFeaturesAsync(ICardConnection connection, CancellationToken gone)
    {
        if (Features is not null || connection.ReaderControl is not { } control)
        {
            return;
        }
        try
        {
            Features = await ReaderFeatures.DiscoverAsync(control, gone);
        }
        catch (Exception e) when (e is ReaderException or Cards.CardDataException)
        {
            Features = ReaderFeatures.Parse([]);
        }
    }

    // pcscd going away mid-read fails the transmit in flight with COMM_ERROR or NO_SERVICE (ReaderServiceLostException),
    // or SECURITY_VIOLATION on a handle the restarted daemon does not know — before the monitor has seen the loss. The
    // monitor then reports it and ends the presence; the card was not at fault, and reporting it unreadable would send
    // the holder away with a good card.
    private static bool IsServiceGone(ReaderException error) =>
        error is ReaderServiceLostException || error.Code == SecurityViolation;

    private void Release()
    {
        _connection?.Dispose();
        _connection = null;
        _channel = null;
        _connectedPresence = null;
    }
}
