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
    public async Task The_features_of_a_pin_pad_reader_are_learnt_with_its_first_card_and_a_plain_reader_has_none()
    {
        await using var rig = TerminalRig.Start(null, Reader, "Sim 1");
        rig.Bank.GivePinPad(Reader);
        Assert.Null(rig.Terminal.FeaturesOf(Reader));

        await rig.InsertAsync(Reader, SimCard.SecondGen().Build());
        await rig.InsertAsync("Sim 1", SimCard.SecondGen().Build());

        Assert.NotNull(rig.Terminal.FeaturesOf(Reader)!.VerifyPinDirect);
        Assert.Null(rig.Terminal.FeaturesOf("Sim 1"));
    }

    [Fact]
    public async Task A_PIN_pad_prompt_is_announced_to_watchers_with_the_session()
    {
        await using var rig = TerminalRig.Start();
        var session = await rig.InsertAsync(Reader, SimCard.SecondGen().Build());

        rig.Terminal.AnnouncePinPad(session, PinPadStage.EnterPin);

        var prompt = await rig.NextAsync<PinPadPromptEvent>();
        Assert.Equal(new PinPadPromptEvent(Reader, session.Id, PinPadStage.EnterPin), prompt);
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
