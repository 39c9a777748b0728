using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CardBridge.Pcsc.Native;

namespace CardBridge.Pcsc;

/// <summary>
/// The PC/SC reader monitor. Each <see cref="WatchAsync"/> enumeration owns one dedicated thread and one
/// context; the thread blocks in SCardGetStatusChange (readers plus the PnP pseudo reader) and is woken by
/// SCardCancel when the enumeration ends. When the service goes away (NO_SERVICE, SERVICE_STOPPED,
/// INVALID_HANDLE, F_COMM_ERROR, or any other PC/SC failure) it reports <see cref="ReaderChangeKind.ServiceLost"/> and the known
/// readers as detached, releases the context, and establishes a new one with capped exponential backoff; once a
/// snapshot succeeds it reports <see cref="ReaderChangeKind.ServiceRestored"/> and the readers and cards again. When the
/// enumeration ends, the thread has exited.
/// </summary>
public sealed class ReaderMonitor
{
    private readonly IPcscNative _native;
    private readonly ReaderMonitorOptions _options;
    private readonly TimeProvider _time;
    private int _activeWatches;

    /// <summary>Creates a monitor on the platform's PC/SC library.</summary>
    public ReaderMonitor(ReaderMonitorOptions? options = null, TimeProvider? timeProvider = null)
        : this(PcscNative.Current, options, timeProvider)
    {
    }

    internal ReaderMonitor(IPcscNative native, ReaderMonitorOptions? options, TimeProvider? timeProvider)
    {
        _native = native;
        _options = options ?? new ReaderMonitorOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Enumerations whose monitor thread has not exited yet.</summary>
    internal int ActiveWatches => Volatile.Read(ref _activeWatches);

    /// <summary>
    /// Streams changes until <paramref name="cancellationToken"/> is cancelled (the enumeration then throws
    /// <see cref="OperationCanceledException"/>) or the consumer stops enumerating. The stream starts with the
    /// current snapshot: <see cref="ReaderChangeKind.ReaderAttached"/> for each reader and <see cref="ReaderChangeKind.CardInserted"/> for each card.
    /// </summary>
    public async IAsyncEnumerable<ReaderChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<ReaderChange>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loop = new ReaderMonitorLoop(_native, _options, _time, channel.Writer, stop.Token);
        Interlocked.Increment(ref _activeWatches);
        var exited = loop.Start();
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await exited;
            Interlocked.Decrement(ref _activeWatches);
        }
    }
}
