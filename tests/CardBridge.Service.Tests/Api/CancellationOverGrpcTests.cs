using System.Diagnostics;
using CardBridge.Api.V1;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.SocialSecurity;
using Grpc.Core;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Api;

public sealed class CancellationOverGrpcTests
{
    private const byte Select = 0xA4;
    private const byte VerifyIns = 0x20;
    private static readonly TimeSpan SlowCard = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static VerifyPinRequest Verify(string session, string pin) =>
        new() { Target = new CardTarget { SessionId = session }, Pin = pin };

    private static async Task<(ServiceRig Rig, SimulatedSocialSecurityCard Card, RecordingCard Recording, string Session)> StartWithCardAsync()
    {
        var rig = await ServiceRig.StartAsync();
        var card = SimCard.ThirdGen().WithPin(Pin).Build();
        var recording = new RecordingCard(card);
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, recording);
        return (rig, card, recording, session);
    }

    // Once the card is fast again, a call that had to queue behind the cancelled work (still waiting out the slow
    // answer) would miss this deadline: passing proves the service stopped that work.
    private static async Task AssertCardAnswersAtOnceAsync(ServiceRig rig, RecordingCard card, string session)
    {
        card.SlowDown(Select, TimeSpan.Zero);
        card.SlowDown(VerifyIns, TimeSpan.Zero);
        var response = await rig.Identity.VerifyPinAsync(Verify(session, Pin), ServiceRig.WithKey(null, SlowCard / 2));
        Assert.Equal(session, response.SessionId);
    }

    [Fact]
    public async Task Cancelled_VerifyPin_on_a_slow_card_ends_CANCELLED_at_once_and_spends_only_the_try_the_card_took()
    {
        var (rig, card, recording, session) = await StartWithCardAsync();
        await using var _ = rig;
        recording.SlowDown(VerifyIns, SlowCard);
        using var cancel = new CancellationTokenSource();
        var verifying = recording.Processed(VerifyIns);

        using var call = rig.Identity.VerifyPinAsync(Verify(session, "000000"), ServiceRig.WithKey(null, Wait * 3).WithCancellationToken(cancel.Token));
        await verifying.WaitAsync(Wait);
        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.True(clock.Elapsed < Prompt, $"the call ended {clock.Elapsed.TotalMilliseconds:0} ms after the cancel");
        Assert.Equal(2, card.PinTriesLeft);
        await AssertCardAnswersAtOnceAsync(rig, recording, session);
        Assert.Equal(3, card.PinTriesLeft);
    }

    [Fact]
    public async Task VerifyPin_cancelled_before_the_VERIFY_reached_the_card_spends_no_try()
    {
        var (rig, card, recording, session) = await StartWithCardAsync();
        await using var _ = rig;
        recording.SlowDown(Select, SlowCard);
        using var cancel = new CancellationTokenSource();
        var selecting = recording.Processed(Select);
        var before = recording.CommandCount;

        using var call = rig.Identity.VerifyPinAsync(Verify(session, "000000"), ServiceRig.WithKey(null, Wait * 3).WithCancellationToken(cancel.Token));
        await selecting.WaitAsync(Wait);
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseAsync);
        var sentByCancelledCall = recording.InstructionsSince(before);

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.DoesNotContain(VerifyIns, sentByCancelledCall);
        Assert.Equal(3, card.PinTriesLeft);
        await AssertCardAnswersAtOnceAsync(rig, recording, session);
    }

    [Fact]
    public async Task VerifyPin_past_its_deadline_is_DEADLINE_EXCEEDED_and_the_card_stays_usable()
    {
        var (rig, _, recording, session) = await StartWithCardAsync();
        await using var _ = rig;
        recording.SlowDown(VerifyIns, SlowCard);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await rig.Identity.VerifyPinAsync(Verify(session, Pin), ServiceRig.WithKey(null, TimeSpan.FromMilliseconds(300))));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True(clock.Elapsed < SlowCard, $"the call took {clock.Elapsed.TotalMilliseconds:0} ms");
        await AssertCardAnswersAtOnceAsync(rig, recording, session);
    }

    [Fact]
    public async Task Calls_queued_behind_a_cancelled_one_still_get_their_answers()
    {
        var (rig, _, recording, session) = await StartWithCardAsync();
        await using var _ = rig;
        recording.SlowDown(VerifyIns, SlowCard);
        using var cancel = new CancellationTokenSource();
        var verifying = recording.Processed(VerifyIns);

        using var cancelled = rig.Identity.VerifyPinAsync(Verify(session, Pin), ServiceRig.WithKey(null, Wait).WithCancellationToken(cancel.Token));
        await verifying.WaitAsync(Wait);
        var queued = Enumerable.Range(0, 4).Select(_ => rig.Identity.VerifyPinAsync(Verify(session, Pin), ServiceRig.WithKey(null, Wait)).ResponseAsync).ToList();
        await cancel.CancelAsync();
        recording.SlowDown(VerifyIns, TimeSpan.Zero);

        Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(async () => await cancelled.ResponseAsync)).StatusCode);
        Assert.All(await Task.WhenAll(queued), r => Assert.Equal(session, r.SessionId));
    }
}
