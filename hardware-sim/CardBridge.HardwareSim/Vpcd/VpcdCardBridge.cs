using System.Net.Sockets;
using CardBridge.Simulation.Cards;

namespace CardBridge.HardwareSim.Vpcd;

/// <summary>
/// Puts one simulated card into a vsmartcard vpcd reader of a real pcscd: the card is the TCP client of
/// vpcd (DESIGN §7), an open connection is a card in the reader, a closed one a card pulled out.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="RunAsync"/> is the single owner of the connection; <see cref="Insert"/> and
/// <see cref="Remove"/> may be called from any thread, before or while it runs. While the card is inserted
/// and vpcd cannot be reached or drops the connection (pcscd stopped or restarted), the bridge reconnects
/// with a doubling delay capped at <see cref="VpcdBridgeOptions.MaxReconnectDelay"/>.
/// </para>
/// <para>
/// Card faults: a delayed answer is sent after its delay; a <see cref="SimulatedReplyKind.Removed"/> reply
/// closes the connection without answering and leaves the card removed. A mute card leaves vpcd waiting
/// (vpcd itself never times out) for <see cref="VpcdBridgeOptions.MuteTimeout"/>; then the bridge closes
/// the connection and the card stays removed, the way a reader reports a card that stopped answering.
/// It comes back only with <see cref="Insert"/>, so a test sees exactly one removal per mute fault.
/// </para>
/// </remarks>
public sealed class VpcdCardBridge : IAsyncDisposable
{
    // vpcd control bytes: a 1-byte payload from vpcd is one of these, never an APDU (DESIGN §7).
    private const byte PowerOff = 0x00;
    private const byte PowerOn = 0x01;
    private const byte WarmReset = 0x02;
    private const byte GetAtr = 0x04;

    // ISO 7816-4: 6F00, no precise diagnosis; what the card says when its own answer cannot be framed.
    private static readonly byte[] s_noPreciseDiagnosis = [0x6F, 0x00];

    private readonly ISimulatedCard _card;
    private readonly VpcdBridgeOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;
    private readonly Lock _gate = new();
    private readonly List<(VpcdBridgeState State, TaskCompletionSource Reached)> _stateWaiters = [];
    private readonly CancellationTokenSource _disposed = new();

    private VpcdBridgeState _state = VpcdBridgeState.Removed;
    private bool _inserted;
    private long _insertion;
    private TaskCompletionSource _insertedSignal = NewSignal();
    private CancellationTokenSource? _session;
    private Task? _run;
    private bool _disposing;
    private long _apdusServed;
    private long _connectAttempts;

    /// <summary>Creates a bridge for <paramref name="card"/>; the card starts removed.</summary>
    /// <param name="card">The card to serve.</param>
    /// <param name="options">Where vpcd listens; defaults to the first reader on loopback.</param>
    /// <param name="timeProvider">Clock for reconnect delays, answer delays and the mute timeout.</param>
    /// <param name="log">Receives one line per connection event; never APDU contents.</param>
    public VpcdCardBridge(ISimulatedCard card, VpcdBridgeOptions? options = null, TimeProvider? timeProvider = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        _options = options ?? new VpcdBridgeOptions();
        _options.Validate();
        _card = card;
        _time = timeProvider ?? TimeProvider.System;
        _log = log;
    }

    /// <summary>Raised on the bridge's loop after every state change, with the new state.</summary>
    public event EventHandler<VpcdBridgeState>? StateChanged;

    /// <summary>The card this bridge serves.</summary>
    public ISimulatedCard Card => _card;

    /// <summary>Where vpcd listens.</summary>
    public VpcdBridgeOptions Options => _options;

    /// <summary>The current state.</summary>
    public VpcdBridgeState State
    {
        get { lock (_gate) { return _state; } }
    }

    /// <summary>True while the card is meant to be in the reader (connected or trying to be).</summary>
    public bool IsInserted
    {
        get { lock (_gate) { return _inserted; } }
    }

    /// <summary>Command APDUs the card answered since the bridge was created, counted as each answer is sent (control bytes not counted).</summary>
    public long ApdusServed => Interlocked.Read(ref _apdusServed);

    /// <summary>TCP connection attempts to vpcd since the bridge was created.</summary>
    public long ConnectAttempts => Interlocked.Read(ref _connectAttempts);

    /// <summary>Puts the card in the reader: <see cref="RunAsync"/> connects to vpcd. No effect when already inserted.</summary>
    public void Insert()
    {
        lock (_gate)
        {
            if (_inserted)
            {
                return;
            }

            _inserted = true;
            _insertion++;
            _insertedSignal.TrySetResult();
        }

        _log?.Invoke("card inserted");
    }

    /// <summary>Pulls the card out: the connection to vpcd is closed, in the middle of a command if need be.</summary>
    public void Remove()
    {
        CancellationTokenSource? session;
        lock (_gate)
        {
            if (!_inserted)
            {
                return;
            }

            _inserted = false;
            _insertedSignal = NewSignal();
            session = _session;
        }

        _log?.Invoke("card removed");
        try
        {
            session?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The session ended on its own between the lock and here; nothing is left to close.
        }
    }

    /// <summary>
    /// Completes when the bridge is in <paramref name="state"/>, at once if it already is.
    /// </summary>
    public async Task WaitForStateAsync(VpcdBridgeState state, CancellationToken cancellationToken)
    {
        TaskCompletionSource reached;
        lock (_gate)
        {
            if (_state == state)
            {
                return;
            }

            reached = NewSignal();
            _stateWaiters.Add((state, reached));
        }

        try
        {
            await reached.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _stateWaiters.Remove((state, reached));
            }
        }
    }

    /// <summary>
    /// Serves the card until <paramref name="cancellationToken"/> is cancelled or the bridge is disposed, then
    /// closes any connection and completes normally. Call it once.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposing, this);
            if (_run is not null)
            {
                throw new InvalidOperationException("The bridge is already running.");
            }

            _run = RunLoopAsync(cancellationToken);
            return _run;
        }
    }

    /// <summary>Stops <see cref="RunAsync"/>, waits for it to close the connection, and releases the bridge.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? run;
        lock (_gate)
        {
            if (_disposing)
            {
                return;
            }

            _disposing = true;
            run = _run;
        }

        await _disposed.CancelAsync();
        if (run is not null)
        {
            await run;
        }

        _disposed.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunLoopAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        try
        {
            while (true)
            {
                Task inserted;
                lock (_gate)
                {
                    inserted = _insertedSignal.Task;
                }

                await inserted.WaitAsync(stop.Token);
                await RunInsertionAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped by the owner: the connection is already closed.
        }
        finally
        {
            SetState(VpcdBridgeState.Removed);
        }
    }

    // One insertion: from Insert() until Remove(), a removal fault or the mute timeout.
    private async Task RunInsertionAsync(CancellationToken stopping)
    {
        long insertion;
        CancellationTokenSource session;
        lock (_gate)
        {
            if (!_inserted)
            {
                return;
            }

            insertion = _insertion;
            session = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _session = session;
        }

        try
        {
            var ending = await ConnectAndServeAsync(session.Token);
            lock (_gate)
            {
                // A Remove() and Insert() racing with the fault belong to the new insertion: keep it.
                if (_insertion == insertion && _inserted)
                {
                    _inserted = false;
                    _insertedSignal = NewSignal();
                }
            }

            _log?.Invoke(ending);
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            // Remove(): the connection is closed, the card is out.
        }
        finally
        {
            lock (_gate)
            {
                _session = null;
            }

            session.Dispose();
            SetState(VpcdBridgeState.Removed);
        }
    }

    // Returns why the card left by itself; throws OperationCanceledException on Remove() or stop.
    private async Task<string> ConnectAndServeAsync(CancellationToken cancellationToken)
    {
        var delay = _options.MinReconnectDelay;
        while (true)
        {
            SetState(VpcdBridgeState.Connecting);
            VpcdConnection connection;
            try
            {
                Interlocked.Increment(ref _connectAttempts);
                connection = await VpcdConnection.ConnectAsync(_options.Host, _options.Port, cancellationToken);
            }
            catch (SocketException e)
            {
                _log?.Invoke($"vpcd at {_options.Host}:{_options.Port} not reachable ({e.SocketErrorCode}), retrying in {delay.TotalMilliseconds:0} ms");
                await Task.Delay(delay, _time, cancellationToken);
                delay = NextDelay(delay);
                continue;
            }

            using (connection)
            {
                _log?.Invoke($"connected to vpcd at {_options.Host}:{_options.Port}");
                SetState(VpcdBridgeState.Connected);
                var (ending, framesReceived) = await ServeAsync(connection, cancellationToken);
                if (ending is not null)
                {
                    return ending;
                }

                _log?.Invoke("vpcd closed the connection, reconnecting");
                if (framesReceived > 0)
                {
                    delay = _options.MinReconnectDelay;
                }
            }

            // A daemon that accepts and drops at once must not turn this into a busy loop.
            SetState(VpcdBridgeState.Connecting);
            await Task.Delay(delay, _time, cancellationToken);
            delay = NextDelay(delay);
        }
    }

    private TimeSpan NextDelay(TimeSpan delay)
    {
        var doubled = delay * 2;
        return doubled > _options.MaxReconnectDelay ? _options.MaxReconnectDelay : doubled;
    }

    // Serves frames until vpcd goes away (null ending: reconnect) or the card leaves (the reason).
    private async Task<(string? Ending, long FramesReceived)> ServeAsync(VpcdConnection connection, CancellationToken cancellationToken)
    {
        long frames = 0;
        while (true)
        {
            var frame = await connection.ReceiveFrameAsync(cancellationToken);
            if (frame is not { } payload)
            {
                return (null, frames);
            }

            frames++;
            if (payload.Length == 0)
            {
                // vpcd never sends an empty frame; there is nothing to answer.
                _log?.Invoke("ignored an empty frame from vpcd");
                continue;
            }

            if (payload.Length == 1)
            {
                if (!await ControlAsync(connection, payload.Span[0], cancellationToken))
                {
                    return (null, frames);
                }

                continue;
            }

            var reply = _card.Process(payload.Span);
            switch (reply.Kind)
            {
                case SimulatedReplyKind.Removed:
                    return ("card left the reader in the middle of a command", frames);

                case SimulatedReplyKind.Mute:
                    await Task.Delay(_options.MuteTimeout, _time, cancellationToken);
                    return ($"card mute for {_options.MuteTimeout.TotalMilliseconds:0} ms, reader gave up on it", frames);

                default:
                    if (reply.Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(reply.Delay, _time, cancellationToken);
                    }

                    var response = reply.Response;
                    if (response.Length > VpcdConnection.MaxPayload)
                    {
                        _log?.Invoke($"card answer of {response.Length} bytes does not fit a vpcd frame, answering 6F00");
                        response = s_noPreciseDiagnosis;
                    }

                    // Counted before the answer leaves, so whoever has received it also sees it counted.
                    Interlocked.Increment(ref _apdusServed);
                    if (!await connection.SendFrameAsync(response, cancellationToken))
                    {
                        return (null, frames);
                    }

                    break;
            }
        }
    }

    // Returns false when the connection broke while answering.
    private async ValueTask<bool> ControlAsync(VpcdConnection connection, byte control, CancellationToken cancellationToken)
    {
        switch (control)
        {
            case PowerOff:
                SetState(VpcdBridgeState.Connected);
                return true;

            case PowerOn:
            case WarmReset:
                // Neither is answered: vpcd reads the ATR with a separate get-ATR.
                _card.Reset();
                SetState(VpcdBridgeState.PoweredOn);
                return true;

            case GetAtr:
                return await connection.SendFrameAsync(_card.Atr, cancellationToken);

            default:
                _log?.Invoke($"ignored unknown vpcd control byte {control:X2}");
                return true;
        }
    }

    private void SetState(VpcdBridgeState state)
    {
        List<TaskCompletionSource>? reached = null;
        lock (_gate)
        {
            if (_state == state)
            {
                return;
            }

            _state = state;
            foreach (var waiter in _stateWaiters)
            {
                if (waiter.State == state)
                {
                    (reached ??= []).Add(waiter.Reached);
                }
            }
        }

        if (reached is not null)
        {
            foreach (var signal in reached)
            {
                signal.TrySetResult();
            }
        }

        StateChanged?.Invoke(this, state);
    }
}
