using CardBridge.Iso7816;

namespace CardBridge.Terminal;

/// <summary>
/// The PSAM's reader as a transport that connects on first use and, after a failure (PSAM pulled, PC/SC
/// restarted), drops its connection so the next command connects afresh: the PSAM outlives any one handle. It tells
/// whether the PSAM answered its last command (<see cref="Available"/>), for the log, the status page and ListReaders.
/// </summary>
public sealed class PsamSlot(ICardConnector connector, string reader) : IApduTransport, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ICardConnection? _connection;

    /// <summary>The PSAM's reader.</summary>
    public string Reader => reader;

    /// <summary>False once a command could not reach the PSAM, until one does again; true before its first use.</summary>
    public bool Available { get; private set; } = true;

    /// <summary>Why the last command could not reach the PSAM (the PC/SC code, or the error's kind); null while available.</summary>
    public string? Fault { get; private set; }

    /// <summary>Raised, inside the command that changed it, when <see cref="Available"/> changes.</summary>
    public event EventHandler? AvailabilityChanged;

    /// <inheritdoc />
    public async Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var reused = _connection is not null;
                try
                {
                    _connection ??= await connector.ConnectAsync(reader, cancellationToken);
                    var answer = await _connection.Transport.TransmitAsync(command, cancellationToken);
                    SetFault(null);
                    return answer;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _connection?.Dispose();
                    _connection = null;
                    // A handle from before a pcscd restart, or from before the PSAM was pulled and put back (REMOVED_CARD
                    // on transmit), fails without reaching the PSAM, which was reset anyway: the same command goes once
                    // more on a fresh connection, so the first card after is neither reported unreadable nor read
                    // without its holder. A PSAM still away fails that connect, which is what the caller gets.
                    if (!(reused && attempt == 1 && e is ReaderServiceLostException or CardResetException or CardRemovedException))
                    {
                        SetFault(e is ReaderException pcsc ? pcsc.Code : e.GetType().Name);
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

    private void SetFault(string? fault)
    {
        var changed = Available != (fault is null);
        Fault = fault;
        Available = fault is null;
        if (changed)
        {
            AvailabilityChanged?.Invoke(this, EventArgs.Empty);
        }
    }
}
