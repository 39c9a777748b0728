using CardBridge.Iso7816;
using CardBridge.Pcsc.Native;

namespace CardBridge.Pcsc;

/// <summary>
/// A connection to the card in one reader (SCardConnect … SCardDisconnect) and the raw APDU transport for
/// <see cref="CardChannel"/>. One native call runs at a time; the owner serialises its callers (DESIGN §2:
/// one worker per reader).
/// </summary>
/// <remarks>
/// A blocked native call cannot be aborted. When <see cref="TransmitAsync"/> gives up (its token is cancelled,
/// or <see cref="Timeout"/> expires, which raises <see cref="CardMuteException"/>), the native call keeps running
/// on its pool thread and the connection stays busy until it returns: later calls wait for it, bounded by
/// <see cref="Timeout"/>, and fail with <see cref="CardMuteException"/> if it still has not returned.
/// <see cref="Dispose"/> never blocks on such a call: the disconnect then runs when the call returns.
/// </remarks>
public sealed class PcscCard : IApduTransport, IDisposable
{
    /// <summary>Response buffer size: an extended APDU's 65536 data bytes plus SW1 SW2.</summary>
    public const int MaxResponseLength = 65538;

    private const int MaxControlResponseLength = 65536;

    private readonly IPcscNative _native;
    private readonly NativeCard _card;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly byte[] _response = new byte[MaxResponseLength];
    private bool _disposed;
    private Task? _deferredDisconnect;

    internal PcscCard(IPcscNative native, NativeCard card, string reader, PcscProtocols activeProtocol)
    {
        _native = native;
        _card = card;
        Reader = reader;
        ActiveProtocol = activeProtocol;
    }

    /// <summary>The reader this connection was made to.</summary>
    public string Reader { get; }

    /// <summary>The protocol negotiated with the card (<see cref="PcscProtocols.None"/> on a direct connection).</summary>
    public PcscProtocols ActiveProtocol { get; private set; }

    /// <summary>
    /// How long a call may wait for the card (and for an earlier, abandoned native call) before it fails with
    /// <see cref="CardMuteException"/>. Default 30 s; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Set once <see cref="Dispose"/> had to leave the disconnect to an abandoned native call; completes with it.</summary>
    internal Task DeferredDisconnect => _deferredDisconnect ?? Task.CompletedTask;

    /// <summary>Transmits a command APDU on the calling thread and returns the raw response (data ‖ SW1 SW2).</summary>
    /// <exception cref="CardRemovedException">The card is gone (W_REMOVED_CARD, E_NO_SMARTCARD, E_NOT_TRANSACTED).</exception>
    /// <exception cref="CardMuteException">An earlier abandoned call still occupies the card past <see cref="Timeout"/>.</exception>
    /// <exception cref="PcscException">Any other PC/SC failure.</exception>
    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        EnterGate();
        try
        {
            return TransmitCore(command);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Transmits a command APDU on a pool thread and returns the raw response. Honours the token and
    /// <see cref="Timeout"/> while waiting (see the remarks on the class for what happens to the native call).
    /// </summary>
    /// <exception cref="CardRemovedException">The card is gone (W_REMOVED_CARD, E_NO_SMARTCARD, E_NOT_TRANSACTED).</exception>
    /// <exception cref="CardMuteException">No answer within <see cref="Timeout"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="PcscException">Any other PC/SC failure.</exception>
    public async Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            await _gate.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Busy();
        }
        // The native call may outlive this method: it gets its own copy of the command.
        var copy = command.ToArray();
        var call = Task.Run(() =>
        {
            try
            {
                return TransmitCore(copy);
            }
            finally
            {
                _gate.Release();
            }
        }, CancellationToken.None);
        try
        {
            return await call.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CardMuteException($"card in {Reader} did not answer within {Timeout.TotalMilliseconds:0} ms");
        }
    }

    /// <summary>Re-establishes the connection (SCardReconnect), e.g. after <see cref="PcscCardResetException"/>.</summary>
    public void Reconnect(PcscShareMode shareMode, PcscProtocols preferredProtocols, PcscDisposition initialization)
    {
        Run(() =>
        {
            var rc = _native.Reconnect(_card, (uint)shareMode, (uint)preferredProtocols, (uint)initialization, out var protocol);
            PcscException.ThrowIfFailed(rc, "SCardReconnect");
            ActiveProtocol = (PcscProtocols)protocol;
            return 0;
        });
    }

    /// <summary>Disconnects (SCardDisconnect); the object is disposed afterwards.</summary>
    public void Disconnect(PcscDisposition disposition)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Run(() =>
        {
            _disposed = true;
            PcscException.ThrowIfFailed(_native.Disconnect(_card, (uint)disposition), "SCardDisconnect");
            return 0;
        });
    }

    /// <summary>Starts exclusive use of a shared card (SCardBeginTransaction).</summary>
    public void BeginTransaction() =>
        Run(() =>
        {
            PcscException.ThrowIfFailed(_native.BeginTransaction(_card), "SCardBeginTransaction");
            return 0;
        });

    /// <summary>Ends the transaction (SCardEndTransaction), leaving the card as <paramref name="disposition"/> says.</summary>
    public void EndTransaction(PcscDisposition disposition) =>
        Run(() =>
        {
            PcscException.ThrowIfFailed(_native.EndTransaction(_card, (uint)disposition), "SCardEndTransaction");
            return 0;
        });

    /// <summary>Sends a reader control command (SCardControl) and returns the reader's answer.</summary>
    /// <param name="controlCode">A platform control code, e.g. from <see cref="PcscControlCodes"/>.</param>
    /// <param name="input">The command bytes.</param>
    public byte[] Control(uint controlCode, ReadOnlySpan<byte> input)
    {
        var copy = input.ToArray();
        return Run(() =>
        {
            var output = new byte[MaxControlResponseLength];
            PcscException.ThrowIfFailed(_native.Control(_card, controlCode, copy, output, out var received), "SCardControl");
            return output.AsSpan(0, received).ToArray();
        });
    }

    /// <summary>Reads a reader attribute (SCardGetAttrib), e.g. <see cref="PcscAttributeId.AtrString"/>.</summary>
    public byte[] GetAttribute(PcscAttributeId attribute) =>
        Run(() =>
        {
            var buffer = new byte[264];
            var rc = _native.GetAttrib(_card, (uint)attribute, buffer, out var length);
            if (rc == (uint)PcscErrorCode.InsufficientBuffer)
            {
                buffer = new byte[Math.Max(length, MaxControlResponseLength)];
                rc = _native.GetAttrib(_card, (uint)attribute, buffer, out length);
            }
            PcscException.ThrowIfFailed(rc, "SCardGetAttrib");
            return buffer.AsSpan(0, Math.Min(length, buffer.Length)).ToArray();
        });

    /// <summary>Reads the reader name, card state, protocol and ATR (SCardStatus); also keeps a transaction alive.</summary>
    public PcscCardStatus Status() =>
        Run(() =>
        {
            var rc = _native.Status(_card, out var reader, out var state, out var protocol, out var atr);
            PcscException.ThrowIfFailed(rc, "SCardStatus");
            return new PcscCardStatus(reader, (PcscCardState)state, (PcscProtocols)protocol, atr);
        });

    /// <summary>Disconnects leaving the card as it is; errors of a dead service or a pulled card are ignored.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_gate.Wait(0))
        {
            _native.Disconnect(_card, (uint)PcscDisposition.Leave);
            _gate.Release();
            return;
        }
        _deferredDisconnect = DisconnectWhenIdleAsync();
    }

    /// <summary>The exception a transmit failure is reported as: card-gone codes become <see cref="CardRemovedException"/>.</summary>
    internal static Exception TransmitFailure(uint returnCode, string reader)
    {
        var error = PcscException.FromCode((PcscErrorCode)returnCode, "SCardTransmit");
        // DESIGN §7: before pcscd notices a pulled card, transmit fails with NOT_TRANSACTED; after, REMOVED_CARD.
        return error.Code is PcscErrorCode.RemovedCard or PcscErrorCode.NoSmartcard or PcscErrorCode.NotTransacted
            ? new CardRemovedException($"card left {reader} ({error.CodeName})", error)
            : error;
    }

    private byte[] TransmitCore(ReadOnlySpan<byte> command)
    {
        var rc = _native.Transmit(_card, (uint)ActiveProtocol, command, _response, out var received);
        if (rc != 0)
        {
            throw TransmitFailure(rc, Reader);
        }
        if (received == 0)
        {
            // A "successful" transmit without even a status word: the reader lost the card mid-command
            // (vpcd reports a card that vanished during a command exactly so, before pcscd's presence check).
            throw new CardRemovedException($"card in {Reader} gave no answer at all: it left during the command");
        }
        return _response.AsSpan(0, received).ToArray();
    }

    private T Run<T>(Func<T> call)
    {
        EnterGate();
        try
        {
            return call();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void EnterGate()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_gate.Wait(Timeout))
        {
            throw Busy();
        }
    }

    private CardMuteException Busy() =>
        new($"an earlier command to the card in {Reader} has not returned within {Timeout.TotalMilliseconds:0} ms");

    private async Task DisconnectWhenIdleAsync()
    {
        await _gate.WaitAsync();
        _native.Disconnect(_card, (uint)PcscDisposition.Leave);
        _gate.Release();
    }
}
