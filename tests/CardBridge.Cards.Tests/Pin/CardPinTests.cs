using CardBridge.Cards.Authentication;
using CardBridge.Cards.Pin;
using CardBridge.Cards.Tests.Authentication;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Cards.Tests.Pin;

public sealed class CardPinTests
{
    [Fact]
    public async Task Right_PIN_verifies_and_the_probe_then_reports_verified()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().WithPin("123456").Build());
        var pin = new CardPin(slots.CardChannel);

        using (var right = PinBuffer.FromDigits("123456"))
        {
            await pin.VerifyAsync(right, CancellationToken.None);
        }

        Assert.Equal(new PinStatus(true, null), await pin.GetStatusAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Wrong_PIN_reports_tries_left_and_the_probe_spends_none()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().WithPin("123456").WithPinTries(3).Build());
        var pin = new CardPin(slots.CardChannel);

        using var wrong = PinBuffer.FromDigits("654321");
        var error = await Assert.ThrowsAsync<WrongPinException>(() => pin.VerifyAsync(wrong, CancellationToken.None));

        Assert.Equal(2, error.TriesLeft);
        Assert.Equal(new PinStatus(false, 2), await pin.GetStatusAsync(CancellationToken.None));
        Assert.Equal(new PinStatus(false, 2), await pin.GetStatusAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Last_wrong_try_blocks_and_then_every_PIN_is_refused_as_blocked()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().WithPin("123456").WithPinTries(3, 1).Build());
        var pin = new CardPin(slots.CardChannel);

        using var wrong = PinBuffer.FromDigits("000000");
        await Assert.ThrowsAsync<PinBlockedException>(() => pin.VerifyAsync(wrong, CancellationToken.None));
        using var right = PinBuffer.FromDigits("123456");
        await Assert.ThrowsAsync<PinBlockedException>(() => pin.VerifyAsync(right, CancellationToken.None));

        Assert.True((await pin.GetStatusAsync(CancellationToken.None)).Blocked);
    }

    [Fact]
    public async Task Change_replaces_the_PIN()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().WithPin("123456").Build());
        var pin = new CardPin(slots.CardChannel);

        using (var current = PinBuffer.FromDigits("123456"))
        using (var replacement = PinBuffer.FromDigits("246802"))
        {
            await pin.ChangeAsync(current, replacement, CancellationToken.None);
        }

        using var old = PinBuffer.FromDigits("123456");
        await Assert.ThrowsAsync<WrongPinException>(() => pin.VerifyAsync(old, CancellationToken.None));
        using var fresh = PinBuffer.FromDigits("246802");
        await pin.VerifyAsync(fresh, CancellationToken.None);
    }

    [Fact]
    public async Task Change_with_a_wrong_current_PIN_reports_tries_left()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().WithPin("123456").Build());

        using var current = PinBuffer.FromDigits("111111");
        using var replacement = PinBuffer.FromDigits("246802");
        var error = await Assert.ThrowsAsync<WrongPinException>(
            () => new CardPin(slots.CardChannel).ChangeAsync(current, replacement, CancellationToken.None));

        Assert.Equal(2, error.TriesLeft);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Reload_with_the_PSAM_MAC_sets_a_new_PIN_on_a_blocked_card(bool thirdGen)
    {
        var slots = await SimulatedSlots.StartAsync((thirdGen ? SimCard.ThirdGen() : SimCard.SecondGen()).WithPin("123456").PinBlocked().Build(), SimCard.Psam().Build());
        var pin = new CardPin(slots.CardChannel);
        var key = new PsamSecureMessagingKey(new PsamAuthenticator(slots.PsamChannel!));

        using (var newPin = PinBuffer.FromDigits("975310"))
        {
            await pin.ReloadAsync(newPin, key, slots.Context, CancellationToken.None);
        }

        Assert.Equal(new PinStatus(false, 3), await pin.GetStatusAsync(CancellationToken.None));
        using var reloaded = PinBuffer.FromDigits("975310");
        await pin.VerifyAsync(reloaded, CancellationToken.None);
    }

    [Fact]
    public async Task Unblock_restores_the_tries_and_keeps_the_PIN()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().WithPin("123456").PinBlocked().Build(), SimCard.Psam().Build());
        var pin = new CardPin(slots.CardChannel);

        await pin.UnblockAsync(new PsamSecureMessagingKey(new PsamAuthenticator(slots.PsamChannel!)), slots.Context, CancellationToken.None);

        Assert.Equal(new PinStatus(false, 3), await pin.GetStatusAsync(CancellationToken.None));
        using var right = PinBuffer.FromDigits("123456");
        await pin.VerifyAsync(right, CancellationToken.None);
    }

    [Fact]
    public async Task Forged_card_rejects_the_genuine_MAC()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Forged().PinBlocked().Build(), SimCard.Psam().Build());

        await Assert.ThrowsAsync<SecureMessagingException>(
            () => new CardPin(slots.CardChannel).UnblockAsync(new PsamSecureMessagingKey(new PsamAuthenticator(slots.PsamChannel!)), slots.Context, CancellationToken.None));
        Assert.True(slots.Card.PinTriesLeft == 0);
    }
}
