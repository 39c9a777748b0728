using CardBridge.Cards.Pin;
using CardBridge.Iso7816;
using CardBridge.Pcsc;

namespace CardBridge.Terminal;

/// <summary>
/// Connects to cards through PC/SC (shared mode, T=0 or T=1) on one context, which it re-establishes once when
/// the service has been restarted since (DESIGN §11: NO_SERVICE, SERVICE_STOPPED, INVALID_HANDLE are alike).
/// </summary>
internal sealed class PcscCardConnector : ICardConnector, IDisposable
{
    private readonly PcscScope _scope;
    private readonly Lock _gate = new();
    private PcscContext? _context;
    private bool _disposed;

    /// <summary>Creates a connector; the context is established on first use.</summary>
    public PcscCardConnector(PcscScope scope = PcscScope.System) => _scope = scope;

    /// <inheritdoc />
    /// <exception cref="ReaderException">PC/SC refused the connection for a reason other than an absent card.</exception>
    public Task<ICardConnection> ConnectAsync(string reader, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(reader);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult<ICardConnection>(Connect(reader, retryOnLostService: true));
        }
        catch (PcscCardAbsentException e)
        {
            throw new CardRemovedException($"no card in {reader}", e);
        }
        catch (PcscException e)
        {
            throw PcscErrors.Translate(e);
        }
    }

    private PcscCardConnection Connect(string reader, bool retryOnLostService)
    {
        var context = CurrentContext();
        try
        {
            var card = context.Connect(reader, PcscShareMode.Shared, PcscProtocols.Any);
            try
            {
                return new PcscCardConnection(card, card.Status().Atr);
            }
            catch
            {
                card.Dispose();
                throw;
            }
        }
        catch (PcscServiceUnavailableException) when (retryOnLostService)
        {
            Invalidate(context);
            return Connect(reader, retryOnLostService: false);
        }
    }

    private PcscContext CurrentContext()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_context is null || !_context.IsValid)
            {
                _context?.Dispose();
                _context = PcscContext.Establish(_scope);
            }
            return _context;
        }
    }

    private void Invalidate(PcscContext context)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_context, context))
            {
                _context.Dispose();
                _context = null;
            }
        }
    }

    /// <summary>Releases the context; connections already handed out stay the caller's to dispose.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _context?.Dispose();
            _context = null;
        }
    }

    private sealed class PcscCardConnection(PcscCard card, ReadOnlyMemory<byte> atr) : ICardConnection
    {
        public IApduTransport Transport { get; } = new ResetRecoveringTransport(new PcscTransport(card),
            () => PcscErrors.Call(() => card.Reconnect(PcscShareMode.Shared, PcscProtocols.Any, PcscDisposition.Leave)));

        public ReadOnlyMemory<byte> Atr { get; } = atr;

        public IReaderControl? ReaderControl { get; } = new PcscReaderControl(card);

        public void Dispose() => card.Dispose();
    }
}
