using System.Collections.Concurrent;
using CardBridge.Api.V1;
using Grpc.Core;

namespace CardBridge.Cli.Tests.Fakes;

internal sealed class FakeJournalService : JournalService.JournalServiceBase
{
    private static readonly RpcException NotArranged = new(new Status(StatusCode.Unimplemented, "not arranged"));

    public ConcurrentQueue<Recorded<ListJournalRecordsRequest>> ListCalls { get; } = new();

    public Func<JournalStatsResponse> OnStats { get; set; } = () => throw NotArranged;

    public Func<UploadNowResponse> OnUploadNow { get; set; } = () => throw NotArranged;

    public Func<VerifyChainResponse> OnVerify { get; set; } = () => throw NotArranged;

    public Func<ListJournalRecordsRequest, ListJournalRecordsResponse> OnList { get; set; } = _ => throw NotArranged;

    public override Task<JournalStatsResponse> Stats(JournalStatsRequest request, ServerCallContext context) =>
        Task.FromResult(OnStats());

    public override Task<UploadNowResponse> UploadNow(UploadNowRequest request, ServerCallContext context) =>
        Task.FromResult(OnUploadNow());

    public override Task<VerifyChainResponse> VerifyChain(VerifyChainRequest request, ServerCallContext context) =>
        Task.FromResult(OnVerify());

    public override Task<ListJournalRecordsResponse> List(ListJournalRecordsRequest request, ServerCallContext context)
    {
        ListCalls.Enqueue(new(request, context.RequestHeaders, context.Deadline));
        return Task.FromResult(OnList(request));
    }
}
