using CardBridge.Cards.Authentication;
using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Hsm;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Cards.Tests.Authentication;

public sealed class HsmAuthenticatorTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Genuine_card_passes_through_the_HSM_and_its_holder_file_opens(bool thirdGen)
    {
        var slots = await SimulatedSlots.StartAsync((thirdGen ? SimCard.ThirdGen() : SimCard.SecondGen()).Build());

        await new HsmAuthenticator(new SimulatedHsm()).AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None);

        Assert.Equal(StatusWord.Success, await slots.ReadHolderRecordAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Forged_card_is_not_genuine_through_the_HSM(bool thirdGen)
    {
        var slots = await SimulatedSlots.StartAsync((thirdGen ? SimCard.ThirdGen() : SimCard.SecondGen()).Forged().Build());

        await Assert.ThrowsAsync<CardNotGenuineException>(
            () => new HsmAuthenticator(new SimulatedHsm()).AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None));
        if (thirdGen)
        {
            Assert.Equal(0x6982, (await slots.ReadHolderRecordAsync()).Value);
        }
    }

    [Fact]
    public async Task Step_one_carries_the_card_data_and_challenge_in_the_standard_field_order()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build());
        var historical = Convert.FromHexString("53494D5353433330");

        var step1 = await HsmAuthenticator.BeginAsync(slots.CardChannel, slots.Context, historical, CancellationToken.None);

        var request = step1.Request;
        Assert.Equal(CardAlgorithm.Sm4, request.Algorithm);
        Assert.Equal("990001", request.RegionCode);
        Assert.Equal(slots.Card.CardIdentificationCode.Span[8..].ToArray(), request.InternalAuthInput.ToArray());
        Assert.Equal(8, request.InternalAuthData.Length);
        Assert.Equal(8, request.ExternalAuthInput.Length);
        Assert.Equal(16, step1.CardAnswer.Length);
        var fields = request.ToStandardFormat().Split('|');
        Assert.Equal(9, fields.Length);
        Assert.Equal(
            ["990001", "53494D5353433330", "03", Convert.ToHexString(slots.Card.CardIdentificationCode.Span),
             Convert.ToHexString(request.InternalAuthInput.Span), Convert.ToHexString(request.InternalAuthData.Span),
             Convert.ToHexString(request.InternalAuthInput.Span), Convert.ToHexString(request.ExternalAuthInput.Span), ""],
            fields);
    }

    [Fact]
    public async Task Step_two_with_a_tampered_internal_result_is_not_genuine()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build());
        var step1 = await HsmAuthenticator.BeginAsync(slots.CardChannel, slots.Context, default, CancellationToken.None);
        var answer = await new SimulatedHsm().AuthenticateAsync(step1.Request, CancellationToken.None);
        var tampered = answer.InternalAuthResult.ToArray();
        tampered[0] ^= 0x80;

        await Assert.ThrowsAsync<CardNotGenuineException>(
            () => HsmAuthenticator.CompleteAsync(slots.CardChannel, step1, answer with { InternalAuthResult = tampered }, CancellationToken.None));
    }

    [Fact]
    public async Task Steps_run_separately_open_the_holder_file()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build());

        var step1 = await HsmAuthenticator.BeginAsync(slots.CardChannel, slots.Context, default, CancellationToken.None);
        var answer = await new SimulatedHsm().AuthenticateAsync(step1.Request, CancellationToken.None);
        await HsmAuthenticator.CompleteAsync(slots.CardChannel, step1, answer, CancellationToken.None);

        Assert.Equal(StatusWord.Success, await slots.ReadHolderRecordAsync());
    }

    [Fact]
    public async Task Slow_HSM_times_out_as_unavailable()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build());
        var hsm = new SimulatedHsm { Latency = TimeSpan.FromMinutes(5) };

        await Assert.ThrowsAsync<AuthenticationUnavailableException>(
            () => new HsmAuthenticator(hsm, TimeSpan.FromMilliseconds(50)).AuthenticateAsync(slots.CardChannel, slots.Context, CancellationToken.None));
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_timeout()
    {
        var slots = await SimulatedSlots.StartAsync(SimCard.ThirdGen().Build());
        var hsm = new SimulatedHsm { Latency = TimeSpan.FromMinutes(5) };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new HsmAuthenticator(hsm, TimeSpan.FromMinutes(1)).AuthenticateAsync(slots.CardChannel, slots.Context, cancel.Token));
    }
}
