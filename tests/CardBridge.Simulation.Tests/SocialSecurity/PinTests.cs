using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.SocialSecurity;

namespace CardBridge.Simulation.Tests.SocialSecurity;

public sealed class PinTests
{
    private const string VerifyRight = "0020000003123456";
    private const string VerifyWrong = "0020000003654321";

    [Fact]
    public async Task Verify_with_the_right_PIN_answers_9000()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().WithPin("123456").Build());

        (await card.SendAsync(VerifyRight)).HasStatus(0x9000);
    }

    [Fact]
    public async Task Verify_with_an_odd_length_PIN_uses_F_padding()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().WithPin("12345").Build());

        (await card.SendAsync("002000000312345F")).HasStatus(0x9000);
    }

    [Fact]
    public async Task Wrong_PINs_count_down_63Cx_then_the_PIN_is_blocked_with_6983()
    {
        var built = SimCard.ThirdGen().WithPin("123456").Build();
        var card = new CardUnderTest(built);

        var answers = new List<ushort>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await card.SendAsync(VerifyWrong)).StatusWord.Value);
        }
        var right = await card.SendAsync(VerifyRight);

        Assert.Equal([0x63C2, 0x63C1, 0x63C0, 0x6983], answers);
        right.HasStatus(0x6983);
        Assert.Equal(0, built.PinTriesLeft);
    }

    [Fact]
    public async Task Right_PIN_restores_the_counter()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(VerifyWrong);

        await card.SendAsync(VerifyRight);

        (await card.SendAsync("00200000")).HasStatus(0x9000);
        card.Card.Reset();
        (await card.SendAsync("00200000")).HasStatus(0x63C3);
    }

    [Fact]
    public async Task Verify_without_data_reports_tries_without_spending_one()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(VerifyWrong);

        var first = await card.SendAsync("00200000");
        var second = await card.SendAsync("0020000000");

        first.HasStatus(0x63C2);
        second.HasStatus(0x63C2);
    }

    [Fact]
    public async Task PIN_counter_survives_reset()
    {
        var built = SimCard.ThirdGen().Build();
        var card = new CardUnderTest(built);
        await card.SendAsync(VerifyWrong);

        card.Transport.Remove();
        card.Transport.Insert();

        (await card.SendAsync("00200000")).HasStatus(0x63C2);
        Assert.Equal(2, built.PinTriesLeft);
    }

    [Fact]
    public async Task A_blocked_card_answers_6983_to_verify_and_to_the_probe()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().PinBlocked().Build());

        (await card.SendAsync(VerifyRight)).HasStatus(0x6983);
        (await card.SendAsync("00200000")).HasStatus(0x6983);
    }

    [Theory]
    [InlineData("0020000103123456", 0x6A86)]
    [InlineData("002000000912345678901234567F", 0x6700)]
    public async Task Verify_rejects_bad_parameters(string apdu, int statusWord)
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());

        (await card.SendAsync(apdu)).HasStatus((ushort)statusWord);
        (await card.SendAsync("00200000")).HasStatus(0x63C3);
    }

    [Fact]
    public async Task Change_PIN_replaces_the_PIN()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());

        var change = await card.SendAsync("805E010007123456FF654321");
        card.Card.Reset();

        change.HasStatus(0x9000);
        (await card.SendAsync(VerifyRight)).HasStatus(0x63C2);
        (await card.SendAsync(VerifyWrong)).HasStatus(0x9000);
    }

    [Fact]
    public async Task Change_PIN_with_a_wrong_old_PIN_spends_a_try_and_keeps_the_PIN()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());

        var change = await card.SendAsync("805E010007111111FF654321");

        change.HasStatus(0x63C2);
        (await card.SendAsync(VerifyRight)).HasStatus(0x9000);
    }

    [Theory]
    [InlineData("805E010006123456654321", 0x6700)]
    [InlineData("805E010007123456FF6543AB", 0x6A80)]
    [InlineData("805E000007123456FF654321", 0x6A86)]
    [InlineData("005E010007123456FF654321", 0x6E00)]
    public async Task Change_PIN_rejects_malformed_commands(string apdu, int statusWord)
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());

        var response = await card.SendAsync(apdu);

        response.HasStatus((ushort)statusWord);
    }

    [Fact]
    public async Task Change_PIN_on_a_blocked_card_answers_6983()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().PinBlocked().Build());

        (await card.SendAsync("805E010007123456FF654321")).HasStatus(0x6983);
    }

    [Fact]
    public void Pin_blocked_profile_builds_a_card_without_tries()
    {
        var card = Assert.IsType<SimulatedSocialSecurityCard>(CardProfiles.Load("pin-blocked"));

        Assert.Equal(0, card.PinTriesLeft);
    }
}
