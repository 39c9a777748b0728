using System.Threading.Channels;
using CardBridge.Pcsc.Native;

namespace CardBridge.Pcsc;

/// <summary>The body of one monitor thread: establish, snapshot, wait for changes, recover from outages.</summary>
internal sealed class ReaderMonitorLoop
{
    private readonly IPcscNative _native;
    private readonly ReaderMonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly ChannelWriter<ReaderChange> _events;
    private readonly CancellationToken _stop;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<string, ReaderSlot> _known = new(StringComparer.Ordinal);
    private bool _lost;

    public ReaderMonitorLoop(IPcscNative native, ReaderMonitorOptions options, TimeProvider time, ChannelWriter<ReaderChange> events, CancellationToken stop)
    {
        _native = native;
        _options = options;
        _time = time;
        _events = events;
        _stop = stop;
    }

    /// <summary>Starts the thread; the task completes when it has exited.</summary>
    public Task Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "CardBridge PC/SC reader monitor" };
        thread.Start();
        return _exited.Task;
    }

    private void Run()
    {
        try
        {
            Loop();
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Whatever the interrupted call reported, the consumer asked to stop.
            _events.TryComplete();
        }
        catch (Exception error)
        {
            _events.TryComplete(error);
        }
        finally
        {
            _exited.TrySetResult();
        }
    }

    private void Loop()
    {
        var backoff = _options.MinBackoff;
        while (true)
        {
            _stop.ThrowIfCancellationRequested();
            try
            {
                using var context = PcscContext.Establish(_native, _options.Scope);
                // Watch returns only by exception; a restart makes the old context useless (DESIGN §7), so it is
                // released and a new one established rather than asking SCardIsValidContext.
                Watch(context, onFirstSnapshot: () => backoff = _options.MinBackoff);
            }
            catch (PcscException error) when (!_stop.IsCancellationRequested)
            {
                ReportLost($"{error.Operation}: {error.CodeName}");
            }
            Delay(backoff);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    private void Watch(PcscContext context, Action onFirstSnapshot)
    {
        var first = true;
        while (true)
        {
            var readers = context.ListReaders();
            var states = readers.Select(reader => new PcscReaderState(reader)).ToList();
            var pnp = new PcscReaderState(PcscReaderState.PnpNotification);
            var all = new List<PcscReaderState>(states) { pnp };
            try
            {
                // Every reader starts UNAWARE, so this returns at once with the current states.
                context.GetStatusChange(TimeSpan.Zero, all, _stop);
            }
            catch (PcscReaderUnavailableException)
            {
                continue; // a reader left between listing and asking: list again
            }
            if (first)
            {
                first = false;
                onFirstSnapshot();
                if (_lost)
                {
                    _lost = false;
                    Emit(new ReaderChange(ReaderChangeKind.ServiceRestored, ""));
                }
            }
            Publish(states);
            foreach (var state in all)
            {
                state.Acknowledge();
            }
            WaitForChanges(context, states, pnp, all);
        }
    }

    /// <summary>Blocks on SCardGetStatusChange until hot-plug or a vanished reader calls for a new listing.</summary>
    private void WaitForChanges(PcscContext context, List<PcscReaderState> states, PcscReaderState pnp, List<PcscReaderState> all)
    {
        while (true)
        {
            bool changed;
            try
            {
                changed = context.GetStatusChange(_options.StatusTimeout, all, _stop);
            }
            catch (PcscReaderUnavailableException)
            {
                return;
            }
            if (!changed)
            {
                continue;
            }
            // DESIGN §11: after any PnP event re-list and diff (a multi-interface reader fires once per interface).
            if ((pnp.EventState & PcscReaderStates.Changed) != 0
                || states.Any(state => (state.EventState & PcscReaderStates.Unknown) != 0))
            {
                return;
            }
            Publish(states);
            foreach (var state in all)
            {
                state.Acknowledge();
            }
        }
    }

    private void Publish(List<PcscReaderState> states)
    {
        var now = new Dictionary<string, ReaderSlot>(StringComparer.Ordinal);
        foreach (var state in states)
        {
            if ((state.EventState & PcscReaderStates.Unknown) == 0)
            {
                now[state.Reader] = ReaderSlot.From(state);
            }
        }
        foreach (var change in ReaderSnapshotDiff.Compute(_known, now))
        {
            Emit(change);
        }
        _known = now;
    }

    private void ReportLost(string reason)
    {
        if (!_lost)
        {
            _lost = true;
            Emit(new ReaderChange(ReaderChangeKind.ServiceLost, "", Reason: reason));
        }
        var gone = new Dictionary<string, ReaderSlot>(StringComparer.Ordinal);
        foreach (var change in ReaderSnapshotDiff.Compute(_known, gone))
        {
            Emit(change);
        }
        _known = gone;
    }

    private void Emit(ReaderChange change) => _events.TryWrite(change);

    private void Delay(TimeSpan delay)
    {
        // Not disposed: the timer callback may still run after the timer is disposed; without a wait handle
        // the event holds nothing that needs releasing.
        var elapsed = new ManualResetEventSlim();
        using var timer = _time.CreateTimer(static state => ((ManualResetEventSlim)state!).Set(), elapsed, delay, Timeout.InfiniteTimeSpan);
        elapsed.Wait(_stop);
    }
}
