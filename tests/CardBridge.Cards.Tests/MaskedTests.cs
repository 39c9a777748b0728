using CardBridge.Cards.Privacy;

namespace CardBridge.Cards.Tests;

public sealed class MaskedTests
{
    [Theory]
    [InlineData("99000119900307001X", "9900**********001X")]
    [InlineData("1234", "****")]
    [InlineData("", "")]
    public void Ssn_keeps_first_and_last_four(string ssn, string expected) => Assert.Equal(expected, Masked.Ssn(ssn));

    [Theory]
    [InlineData("6217000012341234", "6217 **** **** 1234")]
    [InlineData("6217 0000 1234 1234 567", "6217 **** **** ***4 567")]
    [InlineData("12345678", "********")]
    public void Pan_keeps_first_and_last_four_digits_in_groups(string pan, string expected) => Assert.Equal(expected, Masked.Pan(pan));

    [Theory]
    [InlineData("6217990007000001", "6217 9900 0700 0001")]
    [InlineData("6217990007000001234", "6217 9900 0700 0001 234")]
    [InlineData("", "")]
    public void A_whole_PAN_is_grouped_by_four_as_printed_on_cards(string pan, string expected) => Assert.Equal(expected, Masked.GroupedByFour(pan));

    [Theory]
    [InlineData("测试甲", "测**")]
    [InlineData("𠀀测试", "𠀀**")]
    [InlineData("测", "测")]
    public void Name_keeps_only_the_first_character_whole(string name, string expected) => Assert.Equal(expected, Masked.Name(name));

    [Fact]
    public void CardNumber_keeps_two_characters_at_each_end() => Assert.Equal("SI*****01", Masked.CardNumber("SIM000001"));
}
