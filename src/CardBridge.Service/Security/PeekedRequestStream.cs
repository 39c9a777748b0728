using CardBridge.Api.V1;
using CardBridge.Service.Api;
using Grpc.Core;

namespace CardBridge.Service.Security;

/// <summary>
/// A client stream whose first message was read before the call was admitted — so that a first message that does not
/// parse is refused before scopes, as a unary body is — and is handed to the method again as its first. A later message
/// that does not parse ends the call INVALID_REQUEST where the method reads it.
/// </summary>
internal sealed class PeekedRequestStream<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    where T : class
{
    private bool _replayFirst;

    /// <summary>Whether the stream's first message did not parse.</summary>
    public bool FirstIsUnparsable { get; private set; }

    public T Current => inner.Current;

    /// <summary>Reads the first message (if any) and keeps it for the method.</summary>
    public async Task PeekAsync(CancellationToken cancellationToken)
    {
        _replayFirst = await inner.MoveNext(cancellationToken);
        FirstIsUnparsable = _replayFirst && UnparsableRequests.IsUnparsable(inner.Current);
    }

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (_replayFirst)
        {
            _replayFirst = false;
            return true;
        }
        if (!await inner.MoveNext(cancellationToken))
        {
            return false;
        }
        return UnparsableRequests.IsUnparsable(inner.Current)
            ? throw RpcErrors.Create(StatusCode.InvalidArgument, ErrorReason.InvalidRequest,
                "a streamed message is not a valid protobuf message of this method", (ErrorDomain.Field, "*"))
            : true;
    }
}
