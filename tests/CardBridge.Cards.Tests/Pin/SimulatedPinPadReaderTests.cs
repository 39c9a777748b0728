using CardBridge.Cards.Pin;
using CardBridge.Iso7816;
using CardBridge.Simulation.PinPad;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Transport;

namespace CardBridge.Cards.Tests.Pin;

/// <summary>Secure PIN entry (PC/SC part 10 FEATURE_VERIFY_PIN_DIRECT) against the simulator's PIN-pad reader.</summary>
public sealed class SimulatedPinPadReaderTests
{
    private static readonly PinVerifyStructure SixDigits = new(Timeout: 30, MinDigits: 6, MaxDigits: 6);

    [Fact]
    public async Task PIN_typed_on_the_pad_verifies_and_the_terminal_never_holds_it()
    {
        var (reader, card) = PinPadWithCard("123456");
        reader.Enqueue(new KeypadEntry.Typed("123456"));

        var pad = await SecurePinPad.DiscoverAsync(reader, CancellationToken.None);
        Assert.NotNull(pad);
        await pad.VerifyAsync(SixDigits, CancellationToken.None);

        var status = await new CardPin(card).GetStatusAsync(CancellationToken.None);
        Assert.True(status.Verified);
        // What the terminal sent carries a blank PIN block; the digits were put in by the reader.
        Assert.All(SixDigits.ToArray()[^3..], b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public async Task Wrong_PIN_on_the_pad_reports_tries_left()
    {
        var (reader, _) = PinPadWithCard("123456");
        reader.Enqueue(new KeypadEntry.Typed("654321"));
        var pad = (await SecurePinPad.DiscoverAsync(reader, CancellationToken.None))!;

        var error = await Assert.ThrowsAsync<WrongPinException>(() => pad.VerifyAsync(SixDigits, CancellationToken.None));

        Assert.Equal(2, error.TriesLeft);
    }

    [Fact]
    public async Task Cancel_and_timeout_at_the_pad_are_typed_errors_and_spend_no_try()
    {
        var (reader, card) = PinPadWithCard("123456");
        reader.Enqueue(new KeypadEntry.Cancelled());
        reader.Enqueue(new KeypadEntry.TimedOut());
        var pad = (await SecurePinPad.DiscoverAsync(reader, CancellationToken.None))!;

        await Assert.ThrowsAsync<PinEntryCancelledException>(() => pad.VerifyAsync(SixDigits, CancellationToken.None));
        await Assert.ThrowsAsync<PinEntryTimeoutException>(() => pad.VerifyAsync(SixDigits, CancellationToken.None));

        Assert.Equal(3, (await new CardPin(card).GetStatusAsync(CancellationToken.None)).TriesLeft);
    }

    [Fact]
    public async Task PIN_of_the_wrong_length_is_refused_by_the_pad_before_the_card_sees_it()
    {
        var (reader, card) = PinPadWithCard("123456");
        reader.Enqueue(new KeypadEntry.Typed("1234"));
        var pad = (await SecurePinPad.DiscoverAsync(reader, CancellationToken.None))!;

        await Assert.ThrowsAnyAsync<CardException>(() => pad.VerifyAsync(SixDigits, CancellationToken.None));

        Assert.Equal(3, (await new CardPin(card).GetStatusAsync(CancellationToken.None)).TriesLeft);
    }

    private static (SimulatedPinPadReader Reader, ICardChannel Card) PinPadWithCard(string pin)
    {
        var transport = new SimulatedCardTransport(SimCard.ThirdGen().WithPin(pin).Build());
        return (new SimulatedPinPadReader(transport), new CardChannel(transport));
    }
}
