using CardBridge.Cards.Pin;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Recognition;
using CardBridge.Iso7816;

namespace CardBridge.Terminal;

/// <summary>
/// The card terminal (DESIGN §3): follows the reader monitor, gives every reader one worker, and pre-reads each
/// arriving card into a <see cref="CardSession"/> before anyone asks. Sessions end when their card, reader or
/// the PC/SC service goes; a later call with their id fails with <see cref="SessionEndedException"/>.
/// </summary>
public sealed class CardTerminal : IAsyncDisposable
{
    private readonly IReaderMonitor _monitor;
    private readonly ICardConnector _connector;
    private readonly CardTerminalOptions _options;
    private readonly ArrivalPreRead _preRead;
    private readonly PsamPresence? _psam;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ReaderWorker> _readers = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, CardPresence> _sessions = [];
    private readonly Dictionary<CardPresence, ReaderWorker> _owners = [];
    private readonly Broadcast<TerminalEvent> _events = new();
    private readonly List<Task> _workerLoops = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _monitorLoop;
    private bool _disposed;

    /// <summary>Creates a terminal over a reader monitor and a card connector; <see cref="Start"/> starts it.</summary>
    public CardTerminal(IReaderMonitor monitor, ICardConnector connector, CardTerminalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(connector);
        _monitor = monitor;
        _connector = connector;
        _options = options ?? new CardTerminalOptions();
        _preRead = new ArrivalPreRead(new CardRecognizer(_options.Layout),
            new IdentityReader(_options.Authenticator, _options.TimeProvider, _options.Layout), _options);
        _psam = _options.Psam is { Slot: { } slot } psam ? new PsamPresence(psam, slot) : null;
    }

    /// <summary>The readers attached now, each with its card's session.</summary>
    public IReadOnlyList<ReaderInfo> Readers
    {
        get
        {
            lock (_gate)
            {
                return [.. _readers.Values.Select(w => new ReaderInfo(w.Name, w.Presence is not null, w.Presence?.Session?.Id))];
            }
        }
    }

    /// <summary>Starts following the monitor. Subscribe with <see cref="WatchAsync"/> first to see the first snapshot.</summary>
    /// <exception cref="InvalidOperationException">The terminal was already started.</exception>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_monitorLoop is not null)
            {
                throw new InvalidOperationException("the terminal is already started");
            }
            _monitorLoop = Task.Run(() => FollowMonitorAsync(_stop.Token));
            // The monitor reports no reader that is not there: a PSAM whose reader is missing at start is found by asking.
            _psam?.Check(_stop.Token);
        }
    }

    /// <summary>
    /// Subscribes to the terminal's events from now on (every subscriber gets every event, in order); the
    /// subscription is made by this call, before the first item is awaited. The stream ends when the terminal is
    /// disposed, or throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public IAsyncEnumerable<TerminalEvent> WatchAsync(CancellationToken cancellationToken) =>
        Subscribe(startWithSnapshot: false, cancellationToken);

    /// <summary>
    /// Like <see cref="WatchAsync"/>, but the stream starts with the state now, taken atomically with the
    /// subscription: a <see cref="ReaderAttachedEvent"/> per reader, a <see cref="CardInsertedEvent"/> per card and
    /// a <see cref="SessionReadyEvent"/> per card already pre-read. A subscriber thus never misses a card and never
    /// sees one twice.
    /// </summary>
    public IAsyncEnumerable<TerminalEvent> WatchFromNowAsync(CancellationToken cancellationToken) =>
        Subscribe(startWithSnapshot: true, cancellationToken);

    private IAsyncEnumerable<TerminalEvent> Subscribe(bool startWithSnapshot, CancellationToken cancellationToken)
    {
        Subscription<TerminalEvent> subscription;
        lock (_gate)
        {
            // Events are published under the gate too: none falls between the snapshot and the subscription.
            subscription = _events.Subscribe(startWithSnapshot ? WriteSnapshot : null);
        }
        return ReadEventsAsync(subscription, cancellationToken);
    }

    private void WriteSnapshot(ChannelWriter<TerminalEvent> writer)
    {
        foreach (var worker in _readers.Values.OrderBy(w => w.Name, StringComparer.Ordinal))
        {
            writer.TryWrite(new ReaderAttachedEvent(worker.Name));
            if (worker.Presence is { } presence)
            {
                writer.TryWrite(new CardInsertedEvent(worker.Name, presence.Atr));
                if (presence.Session is { } session)
                {
                    writer.TryWrite(new SessionReadyEvent(session));
                }
            }
        }
    }

    /// <summary>Finds a live session; answers from memory, no APDU.</summary>
    public bool TryGetSession(Guid sessionId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CardSession? session)
    {
        lock (_gate)
        {
            session = _sessions.TryGetValue(sessionId, out var presence) ? presence.Session : null;
            return session is not null;
        }
    }

    /// <summary>Returns a live session; answers from memory, no APDU.</summary>
    /// <exception cref="SessionEndedException">The session ended or never existed.</exception>
    public CardSession GetSession(Guid sessionId) =>
        TryGetSession(sessionId, out var session) ? session : throw new SessionEndedException(sessionId);

    /// <summary>
    /// Runs <paramref name="work"/> on the session's card, queued behind whatever its reader is doing: work on one
    /// card never interleaves. Cancelled while queued, the work never runs; once running it gets the token.
    /// </summary>
    /// <exception cref="SessionEndedException">The session ended before or while the work ran (card, reader or service gone).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<T> RunOnCardAsync<T>(Guid sessionId, Func<ICardChannel, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunOnReaderAsync(sessionId, (access, ct) => work(access.Channel, ct), cancellationToken);
    }

    /// <summary>
    /// Like <see cref="RunOnCardAsync{T}"/>, with the reader's control channel as well (PIN pad entry), queued the
    /// same way: nothing else talks to the card or its reader while the work runs.
    /// </summary>
    /// <exception cref="SessionEndedException">The session ended before or while the work ran.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<T> RunOnReaderAsync<T>(Guid sessionId, Func<CardAccess, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        cancellationToken.ThrowIfCancellationRequested();
        CardWork<T> item;
        lock (_gate)
        {
            if (!_sessions.TryGetValue(sessionId, out var presence) || !_owners.TryGetValue(presence, out var worker))
            {
                throw new SessionEndedException(sessionId);
            }
            item = new CardWork<T>(sessionId, presence, work);
            if (!worker.TryEnqueue(item, cancellationToken))
            {
                throw new SessionEndedException(sessionId);
            }
        }
        using var withdraw = cancellationToken.Register(() => item.Withdraw(cancellationToken));
        using var ended = item.Presence.Gone.Register(() => item.Fail(new SessionEndedException(sessionId)));
        return await item.Result;
    }

    /// <summary>Stops following the monitor, ends every session, finishes the workers and the event streams.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? monitorLoop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _events.Complete();
            monitorLoop = _monitorLoop;
        }
        await _stop.CancelAsync();
        if (monitorLoop is not null)
        {
            await monitorLoop;
        }
        List<Task> loops;
        lock (_gate)
        {
            foreach (var name in _readers.Keys.ToList())
            {
                Detach(name, publish: false);
            }
            loops = [.. _workerLoops];
        }
        await Task.WhenAll(loops);
        if (_psam is not null)
        {
            await _psam.Checks.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _stop.Dispose();
    }

    internal void OnSessionReady(ReaderWorker worker, CardPresence presence, CardSession session)
    {
        lock (_gate)
        {
            if (presence.Gone.IsCancellationRequested || !ReferenceEquals(worker.Presence, presence))
            {
                return;
            }
            presence.Session = session;
            _sessions[session.Id] = presence;
            Publish(new SessionReadyEvent(session));
        }
    }

    /// <summary>Tells every watcher where a PIN entry on <paramref name="session"/>'s reader's PIN pad stands.</summary>
    public void AnnouncePinPad(CardSession session, PinPadStage stage)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            Publish(new PinPadPromptEvent(session.Reader, session.Id, stage));
        }
    }

    /// <summary>
    /// The PC/SC part 10 features of <paramref name="reader"/> (PIN pad: VERIFY_PIN_DIRECT, MODIFY_PIN_DIRECT…), learnt
    /// when a card was first connected in it (PC/SC answers only over a connection); null before, or when the reader
    /// reports none.
    /// </summary>
    public ReaderFeatures? FeaturesOf(string reader)
    {
        lock (_gate)
        {
            return _readers.TryGetValue(reader, out var worker) ? worker.Features : null;
        }
    }

    internal void OnCardUnreadable(ReaderWorker worker, CardPresence presence, Exception error)
    {
        lock (_gate)
        {
            if (!presence.Gone.IsCancellationRequested && ReferenceEquals(worker.Presence, presence))
            {
                Publish(new CardUnreadableEvent(worker.Name, error));
            }
        }
    }

    private async Task FollowMonitorAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in _monitor.WatchAsync(cancellationToken))
            {
                // Outside the gate: the PSAM's state is the slot's, and its checks run on their own.
                _psam?.Follow(change, cancellationToken);
                lock (_gate)
                {
                    Apply(change);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposal stops the monitor.
        }
    }

    private void Apply(ReaderEvent change)
    {
        if (ReaderOf(change) is { } reader && (_options.ExcludedReaders.Contains(reader) || reader == _psam?.Reader))
        {
            return;
        }
        switch (change)
        {
            case ReaderAttached attached:
                WorkerFor(attached.Reader);
                Publish(new ReaderAttachedEvent(attached.Reader));
                break;
            case ReaderDetached detached:
                Detach(detached.Reader, publish: true);
                break;
            case CardInserted inserted:
                var worker = WorkerFor(inserted.Reader);
                EndPresence(worker, publish: true);
                var presence = new CardPresence(inserted.Atr);
                worker.Presence = presence;
                _owners[presence] = worker;
                Publish(new CardInsertedEvent(inserted.Reader, inserted.Atr));
                worker.Arrive(presence, inserted.Atr);
                break;
            case CardRemoved removed:
                if (_readers.TryGetValue(removed.Reader, out var holder))
                {
                    EndPresence(holder, publish: true);
                }
                break;
            case ServiceLost lost:
                foreach (var name in _readers.Keys.ToList())
                {
                    Detach(name, publish: true);
                }
                Publish(new ServiceLostEvent(lost.Reason));
                break;
            case ServiceRestored:
                Publish(new ServiceRestoredEvent());
                break;
        }
    }

    private static string? ReaderOf(ReaderEvent change) => change switch
    {
        ReaderAttached attached => attached.Reader,
        ReaderDetached detached => detached.Reader,
        CardInserted inserted => inserted.Reader,
        CardRemoved removed => removed.Reader,
        _ => null,
    };

    private ReaderWorker WorkerFor(string reader)
    {
        if (!_readers.TryGetValue(reader, out var worker))
        {
            worker = new ReaderWorker(reader, this, _connector, _preRead);
            _readers[reader] = worker;
            _workerLoops.RemoveAll(loop => loop.IsCompleted);
            _workerLoops.Add(worker.Start());
        }
        return worker;
    }

    private void Detach(string reader, bool publish)
    {
        if (!_readers.Remove(reader, out var worker))
        {
            return;
        }
        EndPresence(worker, publish);
        worker.Complete();
        if (publish)
        {
            Publish(new ReaderDetachedEvent(reader));
        }
    }

    private void EndPresence(ReaderWorker worker, bool publish)
    {
        if (worker.Presence is not { } presence)
        {
            return;
        }
        worker.Presence = null;
        _owners.Remove(presence);
        var sessionId = presence.Session?.Id;
        if (sessionId is { } id)
        {
            _sessions.Remove(id);
        }
        presence.End();
        worker.Leave(presence);
        if (publish)
        {
            Publish(new CardRemovedEvent(worker.Name, sessionId));
        }
    }

    private void Publish(TerminalEvent change) => _events.Publish(change);

    private static async IAsyncEnumerable<TerminalEvent> ReadEventsAsync(Subscription<TerminalEvent> subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            await foreach (var change in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }
    }
}
