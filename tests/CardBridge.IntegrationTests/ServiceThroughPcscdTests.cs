using CardBridge.Api.V1;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Simulation.Profiles;
using Google.Rpc;
using Grpc.Core;

namespace CardBridge.IntegrationTests;

/// <summary>
/// The service end to end on the real stack: gRPC client → Kestrel → terminal → our PC/SC binding → the real
/// pcscd → vpcd → the simulated card, with the PSAM in the second vpcd reader. No simulator mode.
/// </summary>
[Collection("pcscd")]
[Trait("Category", "Integration")]
public sealed class ServiceThroughPcscdTests(PcscdFixture fixture)
{
    private const string Pin = "123456";
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(15);

    private static ErrorInfo InfoOf(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<ErrorInfo>() ?? throw new Xunit.Sdk.XunitException($"no ErrorInfo in {error.Status}");

    private static bool IsSessionReadyIn(ReaderEvent e, string reader) =>
        e.EventCase == ReaderEvent.EventOneofCase.SessionReady && e.SessionReady.Reader == reader;

    [Fact]
    public async Task Card_inserted_through_pcscd_is_pre_read_served_PIN_checked_and_its_session_ends_with_CARD_REMOVED()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var psam = await PcscdFixture.InsertAsync(SimCard.Psam().Build(), VpcdBridgeOptions.SecondReaderPort, timeout.Token);
        await using var service = await RunningService.OnPcscAsync(PcscdFixture.SecondReader);
        await using var events = new EventWatch(service.Readers);
        await events.UntilAsync(e => e.ReaderAttached?.Reader == PcscdFixture.FirstReader, EventTimeout);
        var simulated = SimCard.ThirdGen().WithPin(Pin).WithPinTries(3).WithHolderName("测试丙").Build();

        await using var card = await PcscdFixture.InsertAsync(simulated, VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        var arrival = await events.UntilAsync(e => IsSessionReadyIn(e, PcscdFixture.FirstReader), EventTimeout);
        var ready = arrival[^1].SessionReady;
        var listed = await service.Readers.ListReadersAsync(new ListReadersRequest(), RunningService.Deadline());
        var read = await service.Identity.ReadCardAsync(
            new ReadCardRequest { Target = new CardTarget { SessionId = ready.SessionId }, Purpose = "e2e" }, RunningService.Deadline());
        var wrong = await Assert.ThrowsAsync<RpcException>(async () => await service.Identity.VerifyPinAsync(
            new VerifyPinRequest { Target = new CardTarget { SessionId = ready.SessionId }, Pin = "000000" }, RunningService.Deadline()));
        var verified = await service.Identity.VerifyPinAsync(
            new VerifyPinRequest { Target = new CardTarget { SessionId = ready.SessionId }, Pin = Pin }, RunningService.Deadline());

        card.Bridge.Remove();
        var departure = await events.UntilAsync(e => e.EventCase == ReaderEvent.EventOneofCase.CardRemoved, EventTimeout);
        var stale = await Assert.ThrowsAsync<RpcException>(async () => await service.Identity.ReadCardAsync(
            new ReadCardRequest { Target = new CardTarget { SessionId = ready.SessionId } }, RunningService.Deadline()));

        var inserted = Assert.Single(arrival, e => e.EventCase == ReaderEvent.EventOneofCase.CardInserted).CardInserted;
        Assert.Equal(PcscdFixture.FirstReader, inserted.Reader);
        Assert.Equal(simulated.Atr.ToArray(), inserted.Atr.ToByteArray());
        Assert.True(arrival.IndexOf(arrival.Single(e => e.CardInserted is not null)) < arrival.Count - 1, "CardInserted comes before SessionReady");
        Assert.Equal(CardKind.ThirdGeneration, ready.Kind);
        Assert.True(ready.IdentityRead);

        Assert.DoesNotContain(listed.Readers, r => r.Name == PcscdFixture.SecondReader);
        var first = Assert.Single(listed.Readers, r => r.Name == PcscdFixture.FirstReader);
        Assert.True(first.CardPresent);
        Assert.Equal(ready.SessionId, first.SessionId);

        Assert.Equal("测试丙", read.Identity.Holder.Name);
        Assert.Equal(PcscdFixture.FirstReader, read.Identity.Reader);
        Assert.Equal(Genuineness.Verified, read.Identity.Genuineness);
        Assert.Equal(HolderUnavailable.Unspecified, read.Identity.HolderUnavailable);

        Assert.Equal(StatusCode.FailedPrecondition, wrong.StatusCode);
        Assert.Equal("WRONG_PIN", InfoOf(wrong).Reason);
        Assert.Equal("2", InfoOf(wrong).Metadata[ErrorDomain.TriesLeft]);
        Assert.Equal(ready.SessionId, verified.SessionId);
        Assert.Equal(3, simulated.PinTriesLeft);

        var removed = departure[^1].CardRemoved;
        Assert.Equal(PcscdFixture.FirstReader, removed.Reader);
        Assert.Equal(ready.SessionId, removed.SessionId);
        Assert.Equal(StatusCode.FailedPrecondition, stale.StatusCode);
        Assert.Equal("CARD_REMOVED", InfoOf(stale).Reason);
        Assert.Equal(ErrorDomain.Name, InfoOf(stale).Domain);
        Assert.Equal(ready.SessionId, InfoOf(stale).Metadata[ErrorDomain.SessionId]);
    }

    [Fact]
    public async Task Service_reports_pcscd_killed_and_restarted_and_the_card_gets_a_new_session()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var psam = await PcscdFixture.InsertAsync(SimCard.Psam().Build(), VpcdBridgeOptions.SecondReaderPort, timeout.Token);
        await using var card = await PcscdFixture.InsertAsync(SimCard.ThirdGen().Build(), VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        await using var service = await RunningService.OnPcscAsync(PcscdFixture.SecondReader);
        await using var events = new EventWatch(service.Readers);
        var before = (await events.UntilAsync(e => IsSessionReadyIn(e, PcscdFixture.FirstReader), EventTimeout))[^1].SessionReady;

        List<ReaderEvent> outage;
        RpcException? duringOutage;
        try
        {
            await fixture.Daemon.KillAsync(timeout.Token);
            outage = await events.UntilAsync(e => e.EventCase == ReaderEvent.EventOneofCase.ServiceLost, EventTimeout);
            duringOutage = await Assert.ThrowsAsync<RpcException>(async () => await service.Identity.ReadCardAsync(
                new ReadCardRequest { Target = new CardTarget { SessionId = before.SessionId } }, RunningService.Deadline()));
        }
        finally
        {
            // The fixture's daemon serves the rest of the collection: it is back whatever happened above.
            if (fixture.Daemon.ProcessId is null)
            {
                await fixture.Daemon.StartAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
            }
        }
        var recovery = await events.UntilAsync(e => IsSessionReadyIn(e, PcscdFixture.FirstReader), TimeSpan.FromSeconds(30));
        var after = recovery[^1].SessionReady;
        var read = await service.Identity.ReadCardAsync(
            new ReadCardRequest { Target = new CardTarget { SessionId = after.SessionId } }, RunningService.Deadline());

        Assert.NotEmpty(outage[^1].ServiceLost.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, duringOutage.StatusCode);
        Assert.Equal("CARD_REMOVED", InfoOf(duringOutage).Reason);
        Assert.Contains(recovery, e => e.EventCase == ReaderEvent.EventOneofCase.ServiceRestored);
        Assert.True(
            recovery.FindIndex(e => e.EventCase == ReaderEvent.EventOneofCase.ServiceRestored) < recovery.Count - 1,
            "ServiceRestored comes before the new session: " + string.Join(", ", recovery));
        Assert.NotEqual(before.SessionId, after.SessionId);
        Assert.True(after.IdentityRead);
        Assert.Equal("测试甲", read.Identity.Holder.Name);
        Assert.Equal(Genuineness.Verified, read.Identity.Genuineness);
    }
}
