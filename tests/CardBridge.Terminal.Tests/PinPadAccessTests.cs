using CardBridge.Cards;
using CardBridge.Cards.Pin;
using CardBridge.Simulation.PinPad;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Terminal.Tests;

public sealed class PinPadAccessTests
{
    private const string Reader = "Sim 0";

    [Fact]
    public async Task Work_on_a_pin_pad_reader_gets_its_control_channel_and_verifies_on_the_keypad()
    {
        await using var rig = TerminalRig.Start();
        rig.Bank.GivePinPad(Reader);
        var session = await rig.InsertAsync(Reader, SimCard.SecondGen().WithPin("123456").Build());
        rig.Bank.PinPadOf(Reader)!.Enqueue(new KeypadEntry.Typed("000000"));

        var error = await Assert.ThrowsAsync<WrongPinException>(() => rig.Terminal.RunOnReaderAsync(session.Id, async (access, ct) =>
        {
            var pad = await SecurePinPad.DiscoverAsync(access.ReaderControl!, ct);
            await pad!.VerifyAsync(new PinVerifyStructure(), ct);
            return true;
        }, CancellationToken.None));

        Assert.True(error.TriesLeft > 0);
    }

    [Fact]
    public async Task Work_on_a_plain_reader_gets_no_control_channel()
    {
        await using var rig = TerminalRig.Start();
        var session = await rig.InsertAsync(Reader, SimCard.SecondGen().Build());

        var control = await rig.Terminal.RunOnReaderAsync(session.Id, (access, _) => Task.FromResult(access.ReaderControl), CancellationToken.None);

        Assert.Null(control);
    }
}
