using CardBridge.Cards.Authentication;
using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Psam;

namespace CardBridge.Cards.Tests.Authentication;

public sealed class PsamAuthenticatorTests
{
    [Fact]
    public async Task Third_gen_SM4_card_passes_and_its_holder_file_opens()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build(), SimCard.Psam().Build());
        Assert.Equal(0x6982, (await slots.ReadHolderRecordAsync()).Value);

        await new PsamAuthenticator(slots.PsamChannel!).AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None);

        Assert.Equal(StatusWord.Success, await slots.ReadHolderRecordAsync());
    }

    [Fact]
    public async Task Second_gen_3DES_card_passes()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.SecondGen().Build(), SimCard.Psam().Build());

        await new PsamAuthenticator(slots.PsamChannel!).AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None);

        Assert.Equal(StatusWord.Success, await slots.ReadHolderRecordAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Forged_card_is_not_genuine(bool thirdGen)
    {
        var builder = thirdGen ? SimCard.ThirdGen() : SimCard.SecondGen();
        var slots = await SimulatedSlots.StartAsync(builder.Forged().Build(), SimCard.Psam().Build());

        await Assert.ThrowsAsync<CardNotGenuineException>(
            () => new PsamAuthenticator(slots.PsamChannel!).AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None));
        if (thirdGen)
        {
            Assert.Equal(0x6982, (await slots.ReadHolderRecordAsync()).Value);
        }
    }

    [Fact]
    public async Task Forged_profile_card_is_not_genuine()
    {
        var slots = await SimulatedSlots.StartAsync((CardBridge.Simulation.SocialSecurity.SimulatedSocialSecurityCard)CardProfiles.Load("forged"), SimCard.Psam().Build());

        await Assert.ThrowsAsync<CardNotGenuineException>(
            () => new PsamAuthenticator(slots.PsamChannel!).AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None));
    }

    [Fact]
    public async Task Card_answer_does_not_verify_under_another_card_identification_code()
    {
        // One card, one key: the PSAM diversifies with the identification code the terminal read, so a copied
        // answer for another code fails.
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build(), SimCard.Psam().Build());
        var psam = new PsamAuthenticator(slots.PsamChannel!);
        var wrongCardId = slots.Card.CardIdentificationCode.ToArray();
        wrongCardId[^1] ^= 0x01;

        await Assert.ThrowsAsync<CardNotGenuineException>(
            () => psam.AuthenticateAsync(slots.CardChannel, slots.Context with { CardIdentificationCode = wrongCardId }, CancellationToken.None));
    }

    [Fact]
    public async Task PSAM_without_RKSSSE_is_unavailable_not_a_verdict_on_the_card()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build(), SimCard.Psam().WithoutRkssse().Build());

        await Assert.ThrowsAsync<AuthenticationUnavailableException>(
            () => new PsamAuthenticator(slots.PsamChannel!).AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None));
    }

    [Fact]
    public async Task PSAM_without_the_SM_environment_is_unavailable_for_SM4_cards()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build(), SimCard.Psam().WithoutEnvironment(PsamEnvironment.Sm).Build());

        await Assert.ThrowsAsync<AuthenticationUnavailableException>(
            () => new PsamAuthenticator(slots.PsamChannel!).AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None));
    }

    [Fact]
    public async Task Profile_psam_no_rkssse_is_unavailable()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.SecondGen().Build(), (SimulatedPsam)CardProfiles.Load("psam-no-rkssse"));

        await Assert.ThrowsAsync<AuthenticationUnavailableException>(
            () => new PsamAuthenticator(slots.PsamChannel!).AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None));
    }

    [Fact]
    public async Task Pulled_PSAM_is_unavailable()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build(), SimCard.Psam().Build());
        slots.PsamSlot!.Remove();

        await Assert.ThrowsAsync<AuthenticationUnavailableException>(
            () => new PsamAuthenticator(slots.PsamChannel!).AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None));
    }

    [Fact]
    public async Task Terminal_number_is_read_from_the_PSAM_MF()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build(), SimCard.Psam().WithTerminalNumber("999900000042").Build());
        var psam = new PsamAuthenticator(slots.PsamChannel!);
        await psam.AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None);

        Assert.Equal("999900000042", await psam.ReadTerminalNumberAsync(CancellationToken.None));
    }
}
