using CardBridge.Cards.Authentication;
using CardBridge.Iso7816;
using CardBridge.Simulation.Hsm;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Psam;

namespace CardBridge.Cards.Tests.Authentication;

public sealed class FallbackAuthenticatorTests
{
    [Fact]
    public async Task Working_PSAM_is_used_and_the_HSM_is_not_asked()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build(), SimCard.Psam().Build());
        var hsm = new SimulatedHsm();
        var psamFailures = new List<AuthenticationUnavailableException>();
        var fallback = new FallbackAuthenticator(new PsamAuthenticator(slots.PsamChannel!), new HsmAuthenticator(hsm), psamFailures.Add);

        var by = await fallback.AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None);

        Assert.Equal(KeyAuthority.Psam, by);
        Assert.Equal(0, hsm.Requests);
        Assert.Empty(psamFailures);
    }

    [Fact]
    public async Task PSAM_without_RKSSSE_falls_back_to_the_HSM()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build(), SimCard.Psam().WithoutRkssse().Build());
        var hsm = new SimulatedHsm();
        var psamFailures = new List<AuthenticationUnavailableException>();
        var fallback = new FallbackAuthenticator(new PsamAuthenticator(slots.PsamChannel!), new HsmAuthenticator(hsm), psamFailures.Add);

        var by = await fallback.AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None);

        Assert.Equal(KeyAuthority.Hsm, by);
        Assert.Equal(1, hsm.Requests);
        Assert.Single(psamFailures);
        Assert.Equal(StatusWord.Success, await slots.ReadHolderRecordAsync());
    }

    [Fact]
    public async Task PSAM_lacking_the_algorithm_falls_back_to_the_HSM()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build(), SimCard.Psam().WithoutEnvironment(PsamEnvironment.Sm).Build());
        var hsm = new SimulatedHsm();

        await new FallbackAuthenticator(new PsamAuthenticator(slots.PsamChannel!), new HsmAuthenticator(hsm))
            .AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None);

        Assert.Equal(1, hsm.Requests);
    }

    [Fact]
    public async Task No_PSAM_goes_straight_to_the_HSM()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.SecondGen().Build());
        var hsm = new SimulatedHsm();
        var psamFailures = new List<AuthenticationUnavailableException>();

        var by = await new FallbackAuthenticator(null, new HsmAuthenticator(hsm), psamFailures.Add)
            .AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None);

        Assert.Equal(KeyAuthority.Hsm, by);
        Assert.Equal(1, hsm.Requests);
        Assert.Contains("no PSAM", Assert.Single(psamFailures).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_card_found_by_the_PSAM_is_not_retried_on_the_HSM()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Forged().Build(), SimCard.Psam().Build());
        var hsm = new SimulatedHsm();

        await Assert.ThrowsAsync<CardNotGenuineException>(
            () => new FallbackAuthenticator(new PsamAuthenticator(slots.PsamChannel!), new HsmAuthenticator(hsm))
                .AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None));
        Assert.Equal(0, hsm.Requests);
    }

    [Fact]
    public async Task Forged_card_fails_through_the_fallback_HSM_too()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Forged().Build(), SimCard.Psam().WithoutRkssse().Build());
        var hsm = new SimulatedHsm();

        await Assert.ThrowsAsync<CardNotGenuineException>(
            () => new FallbackAuthenticator(new PsamAuthenticator(slots.PsamChannel!), new HsmAuthenticator(hsm))
                .AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None));
    }

    [Fact]
    public async Task Unreachable_HSM_after_a_missing_PSAM_is_unavailable()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build());
        var hsm = new SimulatedHsm { Unreachable = true };

        await Assert.ThrowsAsync<AuthenticationUnavailableException>(
            () => new FallbackAuthenticator(null, new HsmAuthenticator(hsm)).AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None));
    }
}
