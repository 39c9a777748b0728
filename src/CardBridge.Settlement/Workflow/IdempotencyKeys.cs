using System.Collections.Concurrent;
using System.Security.Cryptography;
using CardBridge.Journal.Calls;

namespace CardBridge.Settlement.Workflow;

/// <summary>
/// What an idempotency key promises: one call per client and key runs at a time (in this process), and a key stored
/// with a call answers only the request it was first used for.
/// </summary>
internal sealed class IdempotencyKeys(SettlementCalls calls)
{
    private readonly ConcurrentDictionary<(string Client, string Key), byte> _running = new();

    /// <summary>Marks the key running until the result is disposed.</summary>
    /// <exception cref="SettlementInProgressException">A call with the key is running.</exception>
    public IDisposable Enter(string clientId, string key) =>
        _running.TryAdd((clientId, key), 0) ? new Running(_running, (clientId, key)) : throw new SettlementInProgressException(key);

    /// <summary>Stores <paramref name="fresh"/> unless its key is taken; a taken key must carry the same operation and request.</summary>
    /// <exception cref="IdempotencyKeyReusedException">The key was first used for a different request.</exception>
    public async Task<(SettlementCall Call, bool Existed)> BeginAsync(SettlementCall fresh, CancellationToken cancellationToken)
    {
        var (call, existed) = await calls.BeginAsync(fresh, cancellationToken);
        if (existed && (call.Operation != fresh.Operation || !CryptographicOperations.FixedTimeEquals(call.RequestHash, fresh.RequestHash)))
        {
            throw new IdempotencyKeyReusedException(fresh.Key);
        }
        return (call, existed);
    }

    private sealed class Running(ConcurrentDictionary<(string Client, string Key), byte> running, (string, string) key) : IDisposable
    {
        public void Dispose() => running.TryRemove(key, out _);
    }
}
