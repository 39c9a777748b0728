using CardBridge.Cards.Authentication;
using CardBridge.Iso7816;

namespace CardBridge.Terminal;

/// <summary>
/// The one PSAM every reader shares. Its commands (select environment, init, cipher, MAC) must not interleave between
/// two cards' work, so every use — the genuine-card check of a pre-read, the MACs of an offline settlement — runs
/// through <see cref="RunAsync{T}"/>, one at a time.
/// </summary>
public sealed class SharedPsam : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ICardChannel _channel;

    /// <summary>Shares the PSAM on <paramref name="channel"/>, whose master keys sit at <paramref name="keyIndex"/>.</summary>
    public SharedPsam(ICardChannel channel, byte keyIndex)
    {
        _channel = channel;
        KeyIndex = keyIndex;
        Authenticator = new ExclusiveAuthenticator(this, new PsamAuthenticator(channel, keyIndex));
    }

    /// <summary>
    /// Shares the PSAM in <paramref name="slot"/>, whose master keys sit at <paramref name="keyIndex"/>; a terminal
    /// given this PSAM follows the slot's reader and reconnects a PSAM put back before the next card needs it.
    /// </summary>
    public SharedPsam(PsamSlot slot, byte keyIndex)
        : this(new CardChannel(slot), keyIndex)
    {
        Slot = slot;
    }

    /// <summary>The reader slot the PSAM sits in; null when it is shared over a channel of another kind.</summary>
    public PsamSlot? Slot { get; }

    /// <summary>Where the PSAM keeps its master keys (P2 of INIT FOR DESCRYPT), for other uses of its keys inside <see cref="RunAsync{T}"/>.</summary>
    public byte KeyIndex { get; }

    /// <summary>The genuine-card check through this PSAM, one card at a time.</summary>
    public ICardAuthenticator Authenticator { get; }

    /// <summary>Runs <paramref name="work"/> with the PSAM to itself.</summary>
    public async Task<T> RunAsync<T>(Func<ICardChannel, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await work(_channel, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The PSAM's 12-digit terminal number, read from the PSAM (between two cards' work) each time: two short commands,
    /// and a PSAM pulled and re-seated may be another one.
    /// </summary>
    public Task<string> ReadTerminalNumberAsync(CancellationToken cancellationToken) =>
        RunAsync((channel, ct) => new PsamAuthenticator(channel, KeyIndex).ReadTerminalNumberAsync(ct), cancellationToken);

    /// <summary>Releases the gate; the channel stays its owner's.</summary>
    public void Dispose() => _gate.Dispose();

    private sealed class ExclusiveAuthenticator(SharedPsam psam, ICardAuthenticator inner) : ICardAuthenticator
    {
        public Task<KeyAuthority> AuthenticateAsync(ICardChannel card, CardKeyContext context, CancellationToken cancellationToken) =>
            psam.RunAsync((_, ct) => inner.AuthenticateAsync(card, context, ct), cancellationToken);
    }
}
