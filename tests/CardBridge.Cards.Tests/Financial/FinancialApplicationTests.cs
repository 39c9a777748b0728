using CardBridge.Cards.Financial;
using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Transport;

namespace CardBridge.Cards.Tests.Financial;

public sealed class FinancialApplicationTests
{
    private const string Pan = "6217990007000001";
    private static readonly DateOnly Expiry = new(2030, 12, 31);

    private static FinancialApplication Application(SocialSecurityCardBuilder card) =>
        new(new CardChannel(new SimulatedCardTransport(card.Build())));

    [Fact]
    public async Task ReadAsync_returns_the_PAN_masked_by_default()
    {
        var account = await Application(SimCard.ThirdGen().WithUnionPay(Expiry, Pan)).ReadAsync(revealPan: false, CancellationToken.None);

        Assert.Equal("6217 **** **** 0001", account.Pan);
        Assert.Equal("6217 **** **** 0001", account.MaskedPan);
        Assert.False(account.PanRevealed);
        Assert.Equal(Expiry, account.Expiry);
    }

    [Fact]
    public async Task ReadAsync_reveals_the_PAN_only_to_an_entitled_caller()
    {
        var account = await Application(SimCard.ThirdGen().WithUnionPay(Expiry, Pan)).ReadAsync(revealPan: true, CancellationToken.None);

        Assert.Equal(Pan, account.Pan);
        Assert.True(account.PanRevealed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ToString_never_shows_the_PAN(bool revealed)
    {
        var account = await Application(SimCard.ThirdGen().WithUnionPay(Expiry, Pan)).ReadAsync(revealed, CancellationToken.None);

        var text = account.ToString();

        Assert.DoesNotContain(Pan, text, StringComparison.Ordinal);
        Assert.DoesNotContain("99000700", text, StringComparison.Ordinal);
        Assert.Contains("6217 **** **** 0001", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Pan, $"{account}", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_19_digit_PAN_with_odd_length_is_read_through_its_F_padding()
    {
        const string longPan = "6217990000000000014";

        var account = await Application(SimCard.ThirdGen().WithUnionPay(Expiry, longPan)).ReadAsync(revealPan: true, CancellationToken.None);

        Assert.Equal(longPan, account.Pan);
    }

    [Fact]
    public async Task A_PAN_failing_Luhn_is_a_CardDataException_that_does_not_name_it()
    {
        const string badPan = "6217990007000002";

        var error = await Assert.ThrowsAsync<CardDataException>(
            () => Application(SimCard.ThirdGen().WithUnionPay(Expiry, badPan)).ReadAsync(revealPan: true, CancellationToken.None));

        Assert.Contains("Luhn", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(badPan, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_without_UnionPay_raises_FinancialApplicationNotFound()
    {
        await Assert.ThrowsAsync<FinancialApplicationNotFoundException>(
            () => Application(SimCard.ThirdGen()).ReadAsync(revealPan: false, CancellationToken.None));
    }

    [Fact]
    public async Task Expiry_is_valid_through_its_date()
    {
        var account = await Application(SimCard.ThirdGen().WithUnionPay(Expiry, Pan)).ReadAsync(revealPan: false, CancellationToken.None);

        Assert.False(account.IsExpiredOn(Expiry));
        Assert.True(account.IsExpiredOn(Expiry.AddDays(1)));
    }

    [Theory]
    [InlineData("70135A0862179900070000015F2403301331")]
    [InlineData("70135A0862179900070000015F24033012")]
    [InlineData("70135A0862179900070000015F24033A1231")]
    [InlineData("700B5A0862179900070000 01")]
    public void Malformed_records_and_impossible_expiries_are_CardDataExceptions(string hex) =>
        Assert.Throws<CardDataException>(() => FinancialApplication.Parse(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal))));

    [Fact]
    public void A_record_without_expiry_is_a_CardDataException() =>
        Assert.Throws<CardDataException>(() => FinancialApplication.Parse(Convert.FromHexString("700A5A086217990007000001")));

    [Theory]
    [InlineData("6217990007000001", true)]
    [InlineData("6217990080000001", true)]
    [InlineData("79927398713", true)]
    [InlineData("79927398710", false)]
    public void Luhn_matches_the_ISO_7812_check_digit(string digits, bool valid) =>
        Assert.Equal(valid, FinancialApplication.Luhn(digits));
}
