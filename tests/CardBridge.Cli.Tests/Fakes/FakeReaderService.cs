using System.Collections.Concurrent;
using CardBridge.Api.V1;
using Grpc.Core;

namespace CardBridge.Cli.Tests.Fakes;

internal sealed class FakeReaderService : ReaderService.ReaderServiceBase
{
    public ConcurrentQueue<Recorded<ListReadersRequest>> ListCalls { get; } = new();

    public ConcurrentQueue<Recorded<WatchEventsRequest>> WatchCalls { get; } = new();

    public Func<ListReadersRequest, Task<ListReadersResponse>> OnList { get; set; } = _ => throw new RpcException(new Status(StatusCode.Unimplemented, "not arranged"));

    /// <summary>Events the watch stream sends, then it stays open until the client cancels.</summary>
    public IReadOnlyList<ReaderEvent> StreamedEvents { get; set; } = [];

    public TaskCompletionSource WatchCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The subject of the client certificate each ListReaders call came with, "" for none.</summary>
    public ConcurrentQueue<string> ClientCertificates { get; } = new();

    public override Task<ListReadersResponse> ListReaders(ListReadersRequest request, ServerCallContext context)
    {
        ClientCertificates.Enqueue(context.GetHttpContext().Connection.ClientCertificate?.Subject ?? "");
        ListCalls.Enqueue(new(request, context.RequestHeaders, context.Deadline));
        return OnList(request);
    }

    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<ReaderEvent> responseStream, ServerCallContext context)
    {
        WatchCalls.Enqueue(new(request, context.RequestHeaders, context.Deadline));
        foreach (var e in StreamedEvents)
        {
            await responseStream.WriteAsync(e, context.CancellationToken);
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
