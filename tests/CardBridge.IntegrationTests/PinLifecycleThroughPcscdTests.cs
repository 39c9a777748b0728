using CardBridge.Api.V1;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Simulation.Profiles;
using Google.Rpc;
using Grpc.Core;

namespace CardBridge.IntegrationTests;

/// <summary>
/// A blocked PIN unblocked and reloaded end to end: gRPC → the service → our PC/SC binding → the real pcscd → vpcd → the
/// simulated card, with the secure-messaging MACs computed by the simulated PSAM in the second vpcd reader.
/// </summary>
[Collection("pcscd")]
[Trait("Category", "Integration")]
public sealed class PinLifecycleThroughPcscdTests
{
    private const string Pin = "123456";
    private const string Purpose = "integration: counter unblock";
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Blocked_PIN_is_unblocked_then_reloaded_through_pcscd_and_the_PSAM()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var psam = await PcscdFixture.InsertAsync(SimCard.Psam().Build(), VpcdBridgeOptions.SecondReaderPort, timeout.Token);
        await using var service = await RunningService.OnPcscAsync(PcscdFixture.SecondReader, ("Security:LocalScopes:3", "pin.admin"));
        await using var events = new EventWatch(service.Readers);
        var simulated = SimCard.ThirdGen().WithPin(Pin).PinBlocked().Build();
        await using var card = await PcscdFixture.InsertAsync(simulated, VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        var session = (await events.UntilAsync(
            e => e.EventCase == ReaderEvent.EventOneofCase.SessionReady && e.SessionReady.Reader == PcscdFixture.FirstReader, EventTimeout))[^1].SessionReady.SessionId;
        var target = new CardTarget { SessionId = session };

        var blocked = await service.Identity.GetPinStatusAsync(new GetPinStatusRequest { Target = target }, RunningService.Deadline());
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await service.Identity.VerifyPinAsync(
            new VerifyPinRequest { Target = target, Pin = Pin }, RunningService.Deadline()));
        var unblocked = await service.Identity.UnblockPinAsync(new UnblockPinRequest { Target = target, Purpose = Purpose }, RunningService.Deadline());
        var reloaded = await service.Identity.ReloadPinAsync(
            new ReloadPinRequest { Target = target, Purpose = Purpose, NewPin = "13572468" }, RunningService.Deadline());
        var old = await Assert.ThrowsAsync<RpcException>(async () => await service.Identity.VerifyPinAsync(
            new VerifyPinRequest { Target = target, Pin = Pin }, RunningService.Deadline()));
        await service.Identity.VerifyPinAsync(new VerifyPinRequest { Target = target, Pin = "13572468" }, RunningService.Deadline());

        Assert.True(blocked.Blocked);
        Assert.Equal("PIN_BLOCKED", refused.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.Equal(3, unblocked.TriesLeft);
        Assert.Equal(3, reloaded.TriesLeft);
        Assert.Equal("WRONG_PIN", old.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.Equal(3, simulated.PinTriesLeft);
    }
}
