using CardBridge.Api.V1;
using Google.Rpc;
using Grpc.Core;

namespace CardBridge.Service.Tests;

public sealed class IdentityOverGrpcTests
{
    private static ErrorInfo InfoOf(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<ErrorInfo>() ?? throw new Xunit.Sdk.XunitException("no ErrorInfo in the status");

    [Fact]
    public async Task Full_identity_of_the_pre_read_third_generation_card_comes_back_over_grpc()
    {
        await using var rig = await ServiceRig.StartAsync();
        var session = await rig.SessionInAsync(ServiceRig.Reader0);

        var response = await rig.Identity.ReadCardAsync(
            new ReadCardRequest { Target = new CardTarget { SessionId = session }, Purpose = "test" }, ServiceRig.WithKey(null));

        var identity = response.Identity;
        Assert.Equal(session, identity.SessionId);
        Assert.Equal(ServiceRig.Reader0, identity.Reader);
        Assert.Equal(CardKind.ThirdGeneration, identity.Card.Kind);
        Assert.Equal("测试甲", identity.Holder.Name);
        Assert.Equal("测**", identity.Holder.NameMasked);
        Assert.Equal(64, identity.Holder.HolderId.Length);
        Assert.Equal(Genuineness.Verified, identity.Genuineness);
        Assert.True(identity.Card.HasCardNumber);
    }

    [Fact]
    public async Task Removed_card_session_gets_FAILED_PRECONDITION_CARD_REMOVED()
    {
        await using var rig = await ServiceRig.StartAsync();
        var session = await rig.SessionInAsync(ServiceRig.Reader0);
        rig.Bank.Remove(ServiceRig.Reader0);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.ReadCardAsync(
            new ReadCardRequest { Target = new CardTarget { SessionId = session } }, ServiceRig.WithKey(null)));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("CARD_REMOVED", InfoOf(error).Reason);
        Assert.Equal("cardbridge.v1", InfoOf(error).Domain);
        Assert.Equal(session, InfoOf(error).Metadata["session_id"]);
    }
}
