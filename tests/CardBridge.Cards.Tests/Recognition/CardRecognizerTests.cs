using CardBridge.Cards.Recognition;
using CardBridge.Cards.Tests.Identity;
using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Transport;

namespace CardBridge.Cards.Tests.Recognition;

public sealed class CardRecognizerTests
{
    private static async Task<CardRecognition> RecognizeAsync(ISimulatedCard card)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var channel = new CardChannel(new SimulatedCardTransport(card, TimeSpan.FromSeconds(1)));
        return await new CardRecognizer().RecognizeAsync(channel, card.Atr, timeout.Token);
    }

    [Fact]
    public async Task Third_generation_card_is_recognised_with_SM4_and_spec_version_3_00()
    {
        var result = await RecognizeAsync(SimCard.ThirdGen().Build());

        Assert.Equal(CardGeneration.Third, result.Generation);
        Assert.Equal("3.00", result.SpecVersion);
        Assert.Equal(CardAlgorithm.Sm4, result.Algorithm);
        Assert.Equal("SIMSSC30"u8.ToArray(), result.AtrHistoricalBytes.ToArray());
        Assert.Null(result.Reason);
        Assert.True(result.IsSocialSecurityCard);
    }

    [Fact]
    public async Task Second_generation_card_is_recognised_with_3DES()
    {
        var result = await RecognizeAsync(SimCard.SecondGen().Build());

        Assert.Equal(CardGeneration.Second, result.Generation);
        Assert.Equal("2.00", result.SpecVersion);
        Assert.Equal(CardAlgorithm.Des3, result.Algorithm);
    }

    [Fact]
    public async Task First_generation_card_is_recognised_from_spec_version_1_00()
    {
        var result = await RecognizeAsync(SimCard.ThirdGen().WithSpecVersion("1.00", CardAlgorithm.Des3).Build());

        Assert.Equal(CardGeneration.First, result.Generation);
    }

    [Fact]
    public async Task Recognition_costs_SELECT_GET_RESPONSE_and_one_READ_RECORD_on_a_T0_card()
    {
        var transport = new RecordingTransport(new SimulatedCardTransport(SimCard.ThirdGen().Build()));
        await new CardRecognizer().RecognizeAsync(new CardChannel(transport), default, CancellationToken.None);

        Assert.Equal(["00A404000F7378312E73682EC9E7BBE1B1A3D5CF00", "00C000001E", "00B2032C06"], transport.Commands);
    }

    [Theory]
    [InlineData("6A82")]
    [InlineData("6D00")]
    [InlineData("6E00")]
    [InlineData("6985")]
    [InlineData("6F00")]
    public async Task Card_refusing_SELECT_SSSE_is_not_a_social_security_card(string statusWord)
    {
        var card = new ForeignCard(statusWord);

        var result = await RecognizeAsync(card);

        Assert.Equal(CardGeneration.NotSocialSecurityCard, result.Generation);
        Assert.False(result.IsSocialSecurityCard);
        Assert.Contains(statusWord, result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, card.CommandCount);
    }

    [Theory]
    [InlineData("DEADBEEF9000")]                                  // not TLV
    [InlineData("6F0384019000")]                                  // TLV claiming more than it holds
    [InlineData("8407D15600000500019000")]                       // not an FCI template
    [InlineData("6F098407A00000000310109000")]                   // FCI naming another application
    [InlineData("6F1B840F7378312E73682EC9E7BBE1B1A3D5CFA5089F0C0386010788011E9000")] // algorithm 07
    [InlineData("9000")]                                          // empty success
    public async Task Card_with_malformed_SSSE_answer_is_not_a_social_security_card(string answer)
    {
        var result = await RecognizeAsync(new ForeignCard(answer));

        Assert.Equal(CardGeneration.NotSocialSecurityCard, result.Generation);
        Assert.StartsWith("SELECT SSSE", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Card_answering_61xx_forever_is_not_a_social_security_card_and_does_not_hang()
    {
        var result = await RecognizeAsync(new ForeignCard("61FF"));

        Assert.Equal(CardGeneration.NotSocialSecurityCard, result.Generation);
    }

    [Fact]
    public async Task Card_with_corrupted_FCI_is_not_a_social_security_card()
    {
        var card = SimCard.ThirdGen().Build();
        card.Faults.CorruptTlv = true;

        var result = await RecognizeAsync(card);

        Assert.Equal(CardGeneration.NotSocialSecurityCard, result.Generation);
    }

    [Fact]
    public async Task Card_with_unknown_spec_version_is_not_a_social_security_card()
    {
        var result = await RecognizeAsync(SimCard.ThirdGen().WithSpecVersion("9.99", CardAlgorithm.Sm4).Build());

        Assert.Equal(CardGeneration.NotSocialSecurityCard, result.Generation);
        Assert.Contains("spec version", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Card_whose_EF05_is_missing_is_not_a_social_security_card()
    {
        var card = SimCard.ThirdGen().Build();
        card.Faults.ForceStatusWord(0x6A82, ins: 0xB2);

        var result = await RecognizeAsync(card);

        Assert.Equal(CardGeneration.NotSocialSecurityCard, result.Generation);
        Assert.Contains("6A82", result.Reason, StringComparison.Ordinal);
    }
}
