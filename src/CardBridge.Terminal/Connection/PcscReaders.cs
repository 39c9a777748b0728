using System.Runtime.CompilerServices;
using Pcsc = CardBridge.Pcsc;

namespace CardBridge.Terminal;

/// <summary>
/// The readers of the PC/SC service: its reader monitor as this layer's <see cref="IReaderMonitor"/> and its card
/// connections as <see cref="ICardConnector"/>, so a host builds the real devices without naming a PC/SC type.
/// </summary>
public sealed class PcscReaders : IReaderMonitor, ICardConnector, IDisposable
{
    private readonly Pcsc.ReaderMonitor _monitor;
    private readonly PcscCardConnector _connector = new();

    /// <summary>Creates the readers; the monitor backs off after service outages on <paramref name="timeProvider"/>.</summary>
    public PcscReaders(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _monitor = new Pcsc.ReaderMonitor(timeProvider: timeProvider);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ReaderEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var change in _monitor.WatchAsync(cancellationToken))
        {
            yield return change.Kind switch
            {
                Pcsc.ReaderChangeKind.ReaderAttached => new ReaderAttached(change.Reader),
                Pcsc.ReaderChangeKind.ReaderDetached => new ReaderDetached(change.Reader),
                Pcsc.ReaderChangeKind.CardInserted => new CardInserted(change.Reader, change.Atr),
                Pcsc.ReaderChangeKind.CardRemoved => new CardRemoved(change.Reader),
                Pcsc.ReaderChangeKind.ServiceLost => new ServiceLost(change.Reason),
                Pcsc.ReaderChangeKind.ServiceRestored => new ServiceRestored(),
                _ => throw new InvalidOperationException($"unknown PC/SC reader change {change.Kind}"),
            };
        }
    }

    /// <inheritdoc />
    public Task<ICardConnection> ConnectAsync(string reader, CancellationToken cancellationToken) =>
        _connector.ConnectAsync(reader, cancellationToken);

    /// <summary>Releases the connector's context; connections already handed out stay the caller's to dispose.</summary>
    public void Dispose() => _connector.Dispose();
}
