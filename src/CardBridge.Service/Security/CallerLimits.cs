using System.Collections.Concurrent;
using System.Globalization;
using CardBridge.Api.V1;
using CardBridge.Service.Api;
using CardBridge.Service.Configuration;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Security;

/// <summary>
/// Counts what each client holds open — server streams, waiting AwaitCredential calls — against
/// <see cref="LimitsOptions"/>, so that one client cannot take every connection slot and wake-up of the service.
/// </summary>
internal sealed class CallerLimits(IOptions<LimitsOptions> options)
{
    /// <summary>The <c>limit</c> metadata of the refusal for server streams.</summary>
    public const string Streams = "streams";

    /// <summary>The <c>limit</c> metadata of the refusal for waiting AwaitCredential calls.</summary>
    public const string PendingAwaits = "pending_awaits";

    private readonly ConcurrentDictionary<(string Limit, string Client), Counter> _held = new();

    /// <summary>Takes one of <paramref name="limit"/> for <paramref name="clientId"/> until the result is disposed.</summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED, CALLER_LIMIT_REACHED: the client holds as many as allowed.</exception>
    public IDisposable Hold(string limit, string clientId)
    {
        var max = limit == Streams ? options.Value.StreamsPerClient : options.Value.PendingAwaitsPerClient;
        var counter = _held.GetOrAdd((limit, clientId), _ => new Counter());
        if (Interlocked.Increment(ref counter.Count) > max)
        {
            Interlocked.Decrement(ref counter.Count);
            throw RpcErrors.Create(StatusCode.ResourceExhausted, ErrorReason.CallerLimitReached,
                $"this client already holds {max.ToString(CultureInfo.InvariantCulture)} {limit.Replace('_', ' ')} open (Limits); end one first",
                (ErrorDomain.Limit, limit));
        }
        return counter;
    }

    // Entries stay: there is one per configured client and limit, and the anonymous local caller. Each Hold is one
    // Dispose of the shared counter, hence the counter itself is what Hold returns.
    private sealed class Counter : IDisposable
    {
        public int Count;

        public void Dispose() => Interlocked.Decrement(ref Count);
    }
}
