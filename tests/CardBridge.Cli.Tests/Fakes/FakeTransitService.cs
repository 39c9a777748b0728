using System.Collections.Concurrent;
using CardBridge.Api.V1;
using Grpc.Core;

namespace CardBridge.Cli.Tests.Fakes;

internal sealed class FakeTransitService : TransitService.TransitServiceBase
{
    public ConcurrentQueue<Recorded<WatchDecisionsRequest>> WatchCalls { get; } = new();

    public Func<SyncRiderListsResponse> OnSync { get; set; } = () => throw new RpcException(new Status(StatusCode.Unimplemented, "not arranged"));

    /// <summary>Decisions the watch stream sends, then it stays open until the client cancels.</summary>
    public IReadOnlyList<GateDecision> StreamedDecisions { get; set; } = [];

    /// <summary>When set, the watch stream fails with it instead of streaming.</summary>
    public RpcException? WatchFailure { get; set; }

    public TaskCompletionSource WatchCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task<SyncRiderListsResponse> SyncRiderLists(SyncRiderListsRequest request, ServerCallContext context) =>
        Task.FromResult(OnSync());

    public override async Task WatchDecisions(WatchDecisionsRequest request, IServerStreamWriter<GateDecision> responseStream, ServerCallContext context)
    {
        WatchCalls.Enqueue(new(request, context.RequestHeaders, context.Deadline));
        if (WatchFailure is not null)
        {
            throw WatchFailure;
        }
        foreach (var decision in StreamedDecisions)
        {
            await responseStream.WriteAsync(decision, context.CancellationToken);
        }
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            WatchCancelled.TrySetResult();
        }
    }
}
