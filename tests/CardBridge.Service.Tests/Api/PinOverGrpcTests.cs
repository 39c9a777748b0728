using CardBridge.Api.V1;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.SocialSecurity;
using Grpc.Core;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Api;

public sealed class PinOverGrpcTests
{
    private static CallOptions Local => ServiceRig.WithKey(null);

    private static VerifyPinRequest Verify(string session, string pin) =>
        new() { Target = new CardTarget { SessionId = session }, Pin = pin, Purpose = "test" };

    private static async Task<RpcException> VerifyFailsAsync(ServiceRig rig, VerifyPinRequest request) =>
        await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.VerifyPinAsync(request, Local));

    private static async Task<(ServiceRig Rig, SimulatedSocialSecurityCard Card, RecordingCard Recording, string Session)> StartWithCardAsync()
    {
        var rig = await ServiceRig.StartAsync();
        var card = SimCard.ThirdGen().WithPin(Pin).Build();
        var recording = new RecordingCard(card);
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, recording);
        return (rig, card, recording, session);
    }

    [Fact]
    public async Task VerifyPin_with_the_right_PIN_succeeds_on_the_session()
    {
        var (rig, card, _, session) = await StartWithCardAsync();
        await using var _ = rig;

        var response = await rig.Identity.VerifyPinAsync(Verify(session, Pin), Local);

        Assert.Equal(session, response.SessionId);
        Assert.Equal(3, card.PinTriesLeft);
    }

    [Fact]
    public async Task VerifyPin_with_wrong_PINs_counts_tries_left_down_then_is_PIN_BLOCKED()
    {
        var (rig, card, _, session) = await StartWithCardAsync();
        await using var _ = rig;

        var first = AssertError(await VerifyFailsAsync(rig, Verify(session, "000000")), StatusCode.FailedPrecondition, "WRONG_PIN");
        var second = AssertError(await VerifyFailsAsync(rig, Verify(session, "111111")), StatusCode.FailedPrecondition, "WRONG_PIN");
        var last = await VerifyFailsAsync(rig, Verify(session, "222222"));
        var afterwards = await VerifyFailsAsync(rig, Verify(session, Pin));

        Assert.Equal("2", first.Metadata["tries_left"]);
        Assert.Equal("1", second.Metadata["tries_left"]);
        AssertError(last, StatusCode.FailedPrecondition, "PIN_BLOCKED");
        AssertError(afterwards, StatusCode.FailedPrecondition, "PIN_BLOCKED");
        Assert.Equal(0, card.PinTriesLeft);
    }

    [Fact]
    public async Task VerifyPin_after_a_wrong_try_with_the_right_PIN_succeeds()
    {
        var (rig, _, _, session) = await StartWithCardAsync();
        await using var _ = rig;

        AssertError(await VerifyFailsAsync(rig, Verify(session, "000000")), StatusCode.FailedPrecondition, "WRONG_PIN");
        var response = await rig.Identity.VerifyPinAsync(Verify(session, Pin), Local);

        Assert.Equal(session, response.SessionId);
    }

    [Theory]
    [InlineData("12345a")]
    [InlineData("123")]
    [InlineData("1234567890123")]
    [InlineData("")]
    [InlineData("１２３４５６")]
    [InlineData(" 123456")]
    [InlineData("-12345")]
    public async Task VerifyPin_with_a_malformed_PIN_is_INVALID_REQUEST_and_sends_nothing_to_the_card(string pin)
    {
        var (rig, card, recording, session) = await StartWithCardAsync();
        await using var _ = rig;
        var before = recording.CommandCount;

        var info = AssertError(await VerifyFailsAsync(rig, Verify(session, pin)), StatusCode.InvalidArgument, "INVALID_REQUEST");

        Assert.Equal("pin", info.Metadata["field"]);
        Assert.Equal(before, recording.CommandCount);
        Assert.Equal(3, card.PinTriesLeft);
    }

    [Fact]
    public async Task VerifyPin_with_a_malformed_PIN_is_INVALID_REQUEST_even_when_the_session_has_ended()
    {
        var (rig, _, _, session) = await StartWithCardAsync();
        await using var _ = rig;
        await rig.TakeCardAsync(ServiceRig.Reader0);

        var info = AssertError(await VerifyFailsAsync(rig, Verify(session, "12")), StatusCode.InvalidArgument, "INVALID_REQUEST");

        Assert.Equal("pin", info.Metadata["field"]);
    }

    [Fact]
    public async Task VerifyPin_on_an_ended_session_is_CARD_REMOVED()
    {
        var (rig, _, _, session) = await StartWithCardAsync();
        await using var _ = rig;
        await rig.TakeCardAsync(ServiceRig.Reader0);

        var info = AssertError(await VerifyFailsAsync(rig, Verify(session, Pin)), StatusCode.FailedPrecondition, "CARD_REMOVED");

        Assert.Equal(session, info.Metadata["session_id"]);
    }

    [Fact]
    public async Task VerifyPin_without_an_entry_is_INVALID_REQUEST_naming_entry()
    {
        var (rig, _, _, session) = await StartWithCardAsync();
        await using var _ = rig;

        var info = AssertError(await VerifyFailsAsync(rig, new VerifyPinRequest { Target = new CardTarget { SessionId = session } }),
            StatusCode.InvalidArgument, "INVALID_REQUEST");

        Assert.Equal("entry", info.Metadata["field"]);
    }

    [Fact]
    public async Task VerifyPin_on_the_reader_PIN_pad_is_PIN_PAD_UNAVAILABLE_on_the_simulated_readers()
    {
        var (rig, card, recording, session) = await StartWithCardAsync();
        await using var _ = rig;
        var before = recording.CommandCount;

        var info = AssertError(await VerifyFailsAsync(rig, new VerifyPinRequest { Target = new CardTarget { SessionId = session }, UsePinPad = true }),
            StatusCode.FailedPrecondition, "PIN_PAD_UNAVAILABLE");

        Assert.Equal(ServiceRig.Reader0, info.Metadata["reader"]);
        Assert.Equal(before, recording.CommandCount);
        Assert.Equal(3, card.PinTriesLeft);
    }

    [Fact]
    public async Task ChangePin_then_VerifyPin_takes_the_new_PIN_and_refuses_the_old_one()
    {
        var (rig, _, _, session) = await StartWithCardAsync();
        await using var _ = rig;

        var changed = await rig.Identity.ChangePinAsync(new ChangePinRequest
        {
            Target = new CardTarget { SessionId = session },
            CurrentPin = Pin,
            NewPin = "24680135",
        }, Local);
        var verified = await rig.Identity.VerifyPinAsync(Verify(session, "24680135"), Local);
        var old = await VerifyFailsAsync(rig, Verify(session, Pin));

        Assert.Equal(session, changed.SessionId);
        Assert.Equal(session, verified.SessionId);
        AssertError(old, StatusCode.FailedPrecondition, "WRONG_PIN");
    }

    [Fact]
    public async Task ChangePin_with_a_wrong_current_PIN_is_WRONG_PIN_and_keeps_the_PIN()
    {
        var (rig, card, _, session) = await StartWithCardAsync();
        await using var _ = rig;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.ChangePinAsync(new ChangePinRequest
        {
            Target = new CardTarget { SessionId = session },
            CurrentPin = "999999",
            NewPin = "2468",
        }, Local));
        await rig.Identity.VerifyPinAsync(Verify(session, Pin), Local);

        Assert.Equal("2", AssertError(error, StatusCode.FailedPrecondition, "WRONG_PIN").Metadata["tries_left"]);
        Assert.Equal(3, card.PinTriesLeft);
    }

    [Theory]
    [InlineData("123456", "12a4", "new_pin")]
    [InlineData("123456", "", "new_pin")]
    [InlineData("12", "2468", "current_pin")]
    public async Task ChangePin_with_a_malformed_PIN_is_INVALID_REQUEST_naming_it_and_sends_nothing(string current, string replacement, string field)
    {
        var (rig, card, recording, session) = await StartWithCardAsync();
        await using var _ = rig;
        var before = recording.CommandCount;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.ChangePinAsync(new ChangePinRequest
        {
            Target = new CardTarget { SessionId = session },
            CurrentPin = current,
            NewPin = replacement,
        }, Local));

        Assert.Equal(field, AssertError(error, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
        Assert.Equal(before, recording.CommandCount);
        Assert.Equal(3, card.PinTriesLeft);
    }
}
