using CardBridge.Api.V1;
using Grpc.Core;

namespace CardBridge.Service.Tests.Api;

public sealed class PinPadOverGrpcTests
{
    private static Task<ServiceRig> StartWithPinPadAsync() =>
        ServiceRig.StartAsync(("Simulation:PinPadReaders:0", ServiceRig.Reader0));

    private static VerifyPinRequest OnPad(string session) =>
        new() { Target = new CardTarget { SessionId = session }, UsePinPad = true };

    [Fact]
    public async Task PIN_typed_on_the_readers_keypad_verifies_and_a_wrong_one_reports_tries_left()
    {
        await using var rig = await StartWithPinPadAsync();
        var session = await rig.InitialSessionAsync();

        await rig.Simulator.PressKeysAsync(new PressKeysRequest { Reader = ServiceRig.Reader0, Digits = "000000" }, ServiceRig.WithKey(null));
        var wrong = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.VerifyPinAsync(OnPad(session), ServiceRig.WithKey(null)));
        Assert.Equal("2", RigCards.AssertError(wrong, StatusCode.FailedPrecondition, "WRONG_PIN").Metadata["tries_left"]);

        await rig.Simulator.PressKeysAsync(new PressKeysRequest { Reader = ServiceRig.Reader0, Digits = RigCards.Pin }, ServiceRig.WithKey(null));
        var verified = await rig.Identity.VerifyPinAsync(OnPad(session), ServiceRig.WithKey(null));
        Assert.Equal(session, verified.SessionId);
    }

    [Fact]
    public async Task Cancel_on_the_keypad_is_ABORTED_PIN_ENTRY_CANCELLED()
    {
        await using var rig = await StartWithPinPadAsync();
        var session = await rig.InitialSessionAsync();
        await rig.Simulator.PressKeysAsync(new PressKeysRequest { Reader = ServiceRig.Reader0, Cancel = true }, ServiceRig.WithKey(null));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.VerifyPinAsync(OnPad(session), ServiceRig.WithKey(null)));

        RigCards.AssertError(error, StatusCode.Aborted, "PIN_ENTRY_CANCELLED");
    }

    [Fact]
    public async Task Keys_for_a_reader_without_a_pad_are_refused_with_PIN_PAD_UNAVAILABLE()
    {
        await using var rig = await StartWithPinPadAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Simulator.PressKeysAsync(
            new PressKeysRequest { Reader = ServiceRig.Reader1, Digits = RigCards.Pin }, ServiceRig.WithKey(null)));

        RigCards.AssertError(error, StatusCode.FailedPrecondition, "PIN_PAD_UNAVAILABLE");
    }
}
