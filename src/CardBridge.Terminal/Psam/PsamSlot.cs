using CardBridge.Iso7816;

namespace CardBridge.Terminal;

/// <summary>
/// The PSAM's reader as a transport that connects on first use and, after a failure (PSAM pulled, PC/SC
/// restarted), drops its connection so the next command connects afresh: the PSAM outlives any one handle.
/// </summary>
public sealed class PsamSlot(ICardConnector connector, string reader) : IApduTransport, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ICardConnection? _connection;

    /// <inheritdoc />
    public async Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var reused = _connection is not null;
                _connection ??= await connector.ConnectAsync(reader, cancellationToken);
                try
                {
                    return await _connection.Transport.TransmitAsync(command, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _connection.Dispose();
                    _connection = null;
                    // A handle from before a pcscd restart fails without reaching the PSAM, which the restart
                    // reset anyway: the same command goes once more on a fresh connection, so the first card
                    // after the restart is not reported unreadable.
                    if (!(reused && attempt == 1 && e is ReaderServiceLostException))
                    {
                        throw;
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Releases the PSAM's connection.</summary>
    public void Dispose()
    {
        _connection?.Dispose();
        _gate.Dispose();
    }
}
