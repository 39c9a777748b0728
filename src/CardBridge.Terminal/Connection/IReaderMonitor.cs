namespace CardBridge.Terminal;

/// <summary>
/// Reports reader hot-plug, card insertion/removal and outages of the service that runs the readers: PC/SC
/// (<see cref="PcscReaders"/>) in production, the simulator's reader bank in tests and <c>--simulate</c>.
/// </summary>
public interface IReaderMonitor
{
    /// <summary>
    /// Streams events until <paramref name="cancellationToken"/> is cancelled (the enumeration then throws
    /// <see cref="OperationCanceledException"/>) or the consumer stops enumerating. The stream starts with the
    /// current snapshot: <see cref="ReaderAttached"/> for each reader and <see cref="CardInserted"/> for each card.
    /// </summary>
    IAsyncEnumerable<ReaderEvent> WatchAsync(CancellationToken cancellationToken);
}
