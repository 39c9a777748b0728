using System.Collections.Concurrent;
using CardBridge.Api.V1;
using Grpc.Core;

namespace CardBridge.Cli.Tests.Fakes;

internal sealed class FakeIdentityService : IdentityService.IdentityServiceBase
{
    private static readonly RpcException NotArranged = new(new Status(StatusCode.Unimplemented, "not arranged"));

    public ConcurrentQueue<Recorded<ReadCardRequest>> ReadCalls { get; } = new();

    public ConcurrentQueue<Recorded<VerifyPinRequest>> VerifyCalls { get; } = new();

    public ConcurrentQueue<Recorded<AwaitCredentialRequest>> AwaitCalls { get; } = new();

    public TaskCompletionSource AwaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Func<ReadCardRequest, ServerCallContext, Task<ReadCardResponse>> OnRead { get; set; } = (_, _) => throw NotArranged;

    public Func<VerifyPinRequest, Task<VerifyPinResponse>> OnVerify { get; set; } = _ => throw NotArranged;

    public Func<AwaitCredentialRequest, ServerCallContext, Task<AwaitCredentialResponse>> OnAwait { get; set; } = (_, _) => throw NotArranged;

    public override Task<ReadCardResponse> ReadCard(ReadCardRequest request, ServerCallContext context)
    {
        ReadCalls.Enqueue(new(request, context.RequestHeaders, context.Deadline));
        return OnRead(request, context);
    }

    public override Task<VerifyPinResponse> VerifyPin(VerifyPinRequest request, ServerCallContext context)
    {
        VerifyCalls.Enqueue(new(request, context.RequestHeaders, context.Deadline));
        return OnVerify(request);
    }

    public override Task<AwaitCredentialResponse> AwaitCredential(AwaitCredentialRequest request, ServerCallContext context)
    {
        AwaitCalls.Enqueue(new(request, context.RequestHeaders, context.Deadline));
        AwaitStarted.TrySetResult();
        return OnAwait(request, context);
    }
}
