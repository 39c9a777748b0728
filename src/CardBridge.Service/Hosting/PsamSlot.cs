using CardBridge.Iso7816;
using CardBridge.Terminal;

namespace CardBridge.Service.Hosting;

/// <summary>
/// The PSAM's reader as a transport that connects on first use and, after a failure (PSAM pulled, PC/SC
/// restarted), drops its connection so the next command connects afresh: the PSAM outlives any one handle.
/// </summary>
internal sealed class PsamSlot(ICardConnector connector, string reader) : IApduTransport, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ICardConnection? _connection;

    public async Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _connection ??= await connector.ConnectAsync(reader, cancellationToken);
            try
            {
                return await _connection.Transport.TransmitAsync(command, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _connection.Dispose();
                _connection = null;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _gate.Dispose();
    }
}
