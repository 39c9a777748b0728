using CardBridge.Pcsc.Native;

namespace CardBridge.Pcsc;

/// <summary>
/// A PC/SC resource manager context (SCardEstablishContext … SCardReleaseContext). Use a context from one
/// thread at a time; the exception is <see cref="Cancel"/>, which exists to be called from another thread
/// while <see cref="GetStatusChange"/> blocks. After the service restarts an old context is dead even if
/// <see cref="IsValid"/> says otherwise: dispose it and establish a new one.
/// </summary>
public sealed class PcscContext : IDisposable
{
    private static readonly TimeSpan CancelRetryInterval = TimeSpan.FromMilliseconds(20);

    private readonly IPcscNative _native;
    private readonly NativeContext _context;
    private bool _disposed;

    private PcscContext(IPcscNative native, NativeContext context)
    {
        _native = native;
        _context = context;
    }

    /// <summary>Establishes a context with the resource manager.</summary>
    /// <exception cref="PcscServiceUnavailableException">The PC/SC service is not running.</exception>
    public static PcscContext Establish(PcscScope scope = PcscScope.System) => Establish(PcscNative.Current, scope);

    internal static PcscContext Establish(IPcscNative native, PcscScope scope)
    {
        PcscException.ThrowIfFailed(native.EstablishContext((uint)scope, out var context), "SCardEstablishContext");
        return new PcscContext(native, context);
    }

    /// <summary>
    /// Whether PC/SC still calls the context valid (SCardIsValidContext). pcsc-lite keeps saying yes for a
    /// context from before a daemon restart, so treat <c>true</c> as "not known to be dead".
    /// </summary>
    public bool IsValid
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _native.IsValidContext(_context) == 0;
        }
    }

    /// <summary>The names of the attached readers; empty when there are none (SCARD_E_NO_READERS_AVAILABLE).</summary>
    public IReadOnlyList<string> ListReaders()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rc = _native.ListReaders(_context, out var readers);
        if (rc == (uint)PcscErrorCode.NoReadersAvailable)
        {
            return [];
        }
        PcscException.ThrowIfFailed(rc, "SCardListReaders");
        return readers;
    }

    /// <summary>
    /// Blocks the calling thread until a reader's state differs from its <see cref="PcscReaderState.CurrentState"/>,
    /// the timeout expires, or <paramref name="cancellationToken"/> is cancelled (which calls SCardCancel from the
    /// cancelling thread, repeating until this call returns, since a cancel issued just before PC/SC starts
    /// waiting would be lost). Include <see cref="PcscReaderState.PnpNotification"/> to wake on reader hot-plug.
    /// </summary>
    /// <returns><c>true</c> when the states were updated; <c>false</c> when the timeout expired.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public bool GetStatusChange(TimeSpan timeout, IReadOnlyList<PcscReaderState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var returned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        uint rc;
        using (cancellationToken.Register(() => _ = CancelUntilReturnedAsync(returned.Task)))
        {
            rc = _native.GetStatusChange(_context, ToMilliseconds(timeout), states);
            returned.SetResult();
        }
        if (rc == (uint)PcscErrorCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        if (rc == (uint)PcscErrorCode.Timeout)
        {
            return false;
        }
        PcscException.ThrowIfFailed(rc, "SCardGetStatusChange");
        return true;
    }

    /// <summary>Wakes a <see cref="GetStatusChange"/> blocked on this context (SCardCancel). Safe from any thread.</summary>
    public void Cancel()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        PcscException.ThrowIfFailed(_native.Cancel(_context), "SCardCancel");
    }

    /// <summary>Connects to the card in a reader (or to the reader itself with <see cref="PcscShareMode.Direct"/>).</summary>
    /// <exception cref="PcscCardAbsentException">No card in the reader.</exception>
    /// <exception cref="PcscSharingViolationException">Another connection holds the card exclusively.</exception>
    public PcscCard Connect(string reader, PcscShareMode shareMode, PcscProtocols preferredProtocols)
    {
        ArgumentException.ThrowIfNullOrEmpty(reader);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rc = _native.Connect(_context, reader, (uint)shareMode, (uint)preferredProtocols, out var card, out var protocol);
        PcscException.ThrowIfFailed(rc, "SCardConnect");
        return new PcscCard(_native, card, reader, (PcscProtocols)protocol);
    }

    /// <summary>Releases the context. Errors are ignored: a context of a dead service is released all the same.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _native.ReleaseContext(_context);
    }

    internal static uint ToMilliseconds(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return uint.MaxValue; // INFINITE
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return (uint)Math.Min(timeout.TotalMilliseconds, uint.MaxValue - 1);
    }

    private async Task CancelUntilReturnedAsync(Task returned)
    {
        // Run the first cancel off the cancelling thread: the token may be cancelled inside a lock.
        await Task.Yield();
        while (!returned.IsCompleted)
        {
            _native.Cancel(_context);
            await Task.WhenAny(returned, Task.Delay(CancelRetryInterval));
        }
    }
}
