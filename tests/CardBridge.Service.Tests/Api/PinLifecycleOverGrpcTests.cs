using CardBridge.Api.V1;
using CardBridge.Simulation.Profiles;
using Grpc.Core;

namespace CardBridge.Service.Tests.Api;

/// <summary>GetPinStatus, UnblockPin, ReloadPin and ChangePin on the PIN pad, in process on the simulated readers.</summary>
public sealed class PinLifecycleOverGrpcTests
{
    private const string Purpose = "counter 3: holder forgot the PIN, ID checked";

    private static Task<ServiceRig> StartAsync(params (string Key, string? Value)[] settings) =>
        ServiceRig.StartAsync([("Security:LocalScopes:4", "pin.admin"), ("Simulation:PinPadReaders:0", ServiceRig.Reader0), .. settings]);

    private static CardTarget In(string session) => new() { SessionId = session };

    [Fact]
    public async Task Status_reports_tries_left_without_spending_one_and_blocked_after_the_last_wrong_PIN()
    {
        await using var rig = await StartAsync();
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, SimCard.ThirdGen().WithPinTries(3, 2).Build());

        var before = await rig.Identity.GetPinStatusAsync(new GetPinStatusRequest { Target = In(session) }, ServiceRig.WithKey(null));
        var again = await rig.Identity.GetPinStatusAsync(new GetPinStatusRequest { Target = In(session) }, ServiceRig.WithKey(null));
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.VerifyPinAsync(
                new VerifyPinRequest { Target = In(session), Pin = "000000" }, ServiceRig.WithKey(null)));
        }
        var blocked = await rig.Identity.GetPinStatusAsync(new GetPinStatusRequest { Target = In(session) }, ServiceRig.WithKey(null));

        Assert.Equal((false, 2, false), (before.Verified, before.TriesLeft, before.Blocked));
        Assert.Equal(2, again.TriesLeft);
        Assert.Equal((0, true), (blocked.TriesLeft, blocked.Blocked));
    }

    [Fact]
    public async Task Status_of_a_verified_PIN_says_verified_with_no_tries_left_field()
    {
        await using var rig = await StartAsync();
        var session = await rig.InitialSessionAsync();
        await rig.Identity.VerifyPinAsync(new VerifyPinRequest { Target = In(session), Pin = RigCards.Pin }, ServiceRig.WithKey(null));

        var status = await rig.Identity.GetPinStatusAsync(new GetPinStatusRequest { Target = In(session) }, ServiceRig.WithKey(null));

        Assert.True(status.Verified);
        Assert.False(status.HasTriesLeft);
        Assert.False(status.Blocked);
    }

    [Fact]
    public async Task Unblock_through_the_PSAM_restores_the_tries_and_keeps_the_PIN()
    {
        await using var rig = await StartAsync();
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, SimCard.ThirdGen().WithPin(RigCards.Pin).PinBlocked().Build());

        var unblocked = await rig.Identity.UnblockPinAsync(new UnblockPinRequest { Target = In(session), Purpose = Purpose }, ServiceRig.WithKey(null));
        var verified = await rig.Identity.VerifyPinAsync(new VerifyPinRequest { Target = In(session), Pin = RigCards.Pin }, ServiceRig.WithKey(null));

        Assert.Equal(session, unblocked.SessionId);
        Assert.Equal(3, unblocked.TriesLeft);
        Assert.Equal(session, verified.SessionId);
        var audit = await File.ReadAllTextAsync(Directory.GetFiles(rig.Directory, "audit-*.jsonl").Single());
        Assert.Contains("\"Rpc\":\"/cardbridge.v1.IdentityService/UnblockPin\"", audit, StringComparison.Ordinal);
        Assert.Contains($"\"Purpose\":\"{Purpose}\"", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_sets_the_new_PIN_on_a_blocked_card_and_the_old_one_is_refused()
    {
        await using var rig = await StartAsync();
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, SimCard.ThirdGen().WithPin(RigCards.Pin).PinBlocked().Build());
        var code = (await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = In(session) }, ServiceRig.WithKey(null))).Identity.Card.CardIdentificationCode;

        var reloaded = await rig.Identity.ReloadPinAsync(
            new ReloadPinRequest { Target = In(session), Purpose = Purpose, NewPin = "654321", ExpectedCardIdentificationCode = code.ToLowerInvariant() },
            ServiceRig.WithKey(null));
        var old = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.VerifyPinAsync(
            new VerifyPinRequest { Target = In(session), Pin = RigCards.Pin }, ServiceRig.WithKey(null)));
        await rig.Identity.VerifyPinAsync(new VerifyPinRequest { Target = In(session), Pin = "654321" }, ServiceRig.WithKey(null));

        Assert.Equal(3, reloaded.TriesLeft);
        Assert.Equal("2", RigCards.AssertError(old, StatusCode.FailedPrecondition, "WRONG_PIN").Metadata["tries_left"]);
    }

    [Fact]
    public async Task Another_card_than_the_one_authorised_is_CARD_MISMATCH_and_keeps_its_PIN_blocked()
    {
        await using var rig = await StartAsync();
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, SimCard.ThirdGen().PinBlocked().Build());

        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.UnblockPinAsync(
            new UnblockPinRequest { Target = In(session), Purpose = Purpose, ExpectedCardIdentificationCode = new string('0', 32) },
            ServiceRig.WithKey(null)));
        var status = await rig.Identity.GetPinStatusAsync(new GetPinStatusRequest { Target = In(session) }, ServiceRig.WithKey(null));

        RigCards.AssertError(error, StatusCode.FailedPrecondition, "CARD_MISMATCH");
        Assert.True(status.Blocked);
    }

    [Theory]
    [InlineData("", "", "purpose")]
    [InlineData(Purpose, "12345", "expected_card_identification_code")]
    public async Task Unblock_without_a_purpose_or_with_a_malformed_card_code_is_INVALID_REQUEST(string purpose, string expected, string field)
    {
        await using var rig = await StartAsync();
        var session = await rig.InitialSessionAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.UnblockPinAsync(
            new UnblockPinRequest { Target = In(session), Purpose = purpose, ExpectedCardIdentificationCode = expected }, ServiceRig.WithKey(null)));

        Assert.Equal(field, RigCards.AssertError(error, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
    }

    [Fact]
    public async Task Without_a_PSAM_unblock_is_SECURE_MESSAGING_UNAVAILABLE()
    {
        await using var rig = await StartAsync(("Simulation:Psam", "false"));
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, SimCard.SecondGen().PinBlocked().Build());

        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.UnblockPinAsync(
            new UnblockPinRequest { Target = In(session), Purpose = Purpose }, ServiceRig.WithKey(null)));

        Assert.Equal(session, RigCards.AssertError(error, StatusCode.FailedPrecondition, "SECURE_MESSAGING_UNAVAILABLE").Metadata["session_id"]);
    }

    [Fact]
    public async Task Change_on_the_PIN_pad_takes_current_new_and_confirmation_and_the_new_PIN_verifies()
    {
        await using var rig = await StartAsync();
        var session = await rig.InitialSessionAsync();
        foreach (var digits in new[] { RigCards.Pin, "246802", "246802" })
        {
            await rig.Simulator.PressKeysAsync(new PressKeysRequest { Reader = ServiceRig.Reader0, Digits = digits }, ServiceRig.WithKey(null));
        }

        var changed = await rig.Identity.ChangePinAsync(new ChangePinRequest { Target = In(session), UsePinPad = true }, ServiceRig.WithKey(null));
        await rig.Identity.VerifyPinAsync(new VerifyPinRequest { Target = In(session), Pin = "246802" }, ServiceRig.WithKey(null));

        Assert.Equal(session, changed.SessionId);
    }

    [Fact]
    public async Task Change_on_the_pad_with_differing_confirmation_is_PIN_CONFIRMATION_MISMATCH_and_cancel_names_its_entry()
    {
        await using var rig = await StartAsync();
        var session = await rig.InitialSessionAsync();
        foreach (var digits in new[] { RigCards.Pin, "246802", "246803" })
        {
            await rig.Simulator.PressKeysAsync(new PressKeysRequest { Reader = ServiceRig.Reader0, Digits = digits }, ServiceRig.WithKey(null));
        }
        var mismatch = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.ChangePinAsync(
            new ChangePinRequest { Target = In(session), UsePinPad = true }, ServiceRig.WithKey(null)));
        await rig.Simulator.PressKeysAsync(new PressKeysRequest { Reader = ServiceRig.Reader0, Cancel = true }, ServiceRig.WithKey(null));
        var cancelled = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.ChangePinAsync(
            new ChangePinRequest { Target = In(session), UsePinPad = true }, ServiceRig.WithKey(null)));
        var timedOut = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.ChangePinAsync(
            new ChangePinRequest { Target = In(session), UsePinPad = true }, ServiceRig.WithKey(null)));
        await rig.Identity.VerifyPinAsync(new VerifyPinRequest { Target = In(session), Pin = RigCards.Pin }, ServiceRig.WithKey(null));

        RigCards.AssertError(mismatch, StatusCode.Aborted, "PIN_CONFIRMATION_MISMATCH");
        Assert.Equal("cancelled", RigCards.AssertError(cancelled, StatusCode.Aborted, "PIN_ENTRY_CANCELLED").Metadata["pin_entry"]);
        Assert.Equal("timed_out", RigCards.AssertError(timedOut, StatusCode.Aborted, "PIN_ENTRY_CANCELLED").Metadata["pin_entry"]);
    }

    [Fact]
    public async Task Change_on_the_pad_of_a_reader_without_one_or_with_PINs_given_is_refused_before_the_card()
    {
        await using var rig = await StartAsync();
        var session = await rig.PutCardAsync(ServiceRig.Reader1, SimCard.ThirdGen().Build());

        var noPad = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.ChangePinAsync(
            new ChangePinRequest { Target = In(session), UsePinPad = true }, ServiceRig.WithKey(null)));
        var both = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.ChangePinAsync(
            new ChangePinRequest { Target = In(session), UsePinPad = true, NewPin = "246802" }, ServiceRig.WithKey(null)));

        RigCards.AssertError(noPad, StatusCode.FailedPrecondition, "PIN_PAD_UNAVAILABLE");
        Assert.Equal("use_pin_pad", RigCards.AssertError(both, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
    }
}
