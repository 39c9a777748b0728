using CardBridge.Cards.Recognition;

namespace CardBridge.Cards.Tests.Recognition;

public sealed class SpecVersionTests
{
    [Theory]
    [InlineData("1.00", CardGeneration.First)]
    [InlineData("2.00", CardGeneration.Second)]
    [InlineData("3.00", CardGeneration.Third)]
    [InlineData("3.10", CardGeneration.Third)]
    [InlineData("0.00", CardGeneration.NotSocialSecurityCard)]
    [InlineData("4.00", CardGeneration.NotSocialSecurityCard)]
    [InlineData("\u0000.00", CardGeneration.NotSocialSecurityCard)]
    [InlineData("3,00", CardGeneration.NotSocialSecurityCard)]
    [InlineData("3.0x", CardGeneration.NotSocialSecurityCard)]
    [InlineData("3.0", CardGeneration.NotSocialSecurityCard)]
    [InlineData("3.000", CardGeneration.NotSocialSecurityCard)]
    [InlineData("", CardGeneration.NotSocialSecurityCard)]
    public void Classify_tells_the_generation_from_the_major_digit_of_a_d_dd_version(string version, CardGeneration expected)
    {
        Assert.Equal(expected, SpecVersion.Classify(version));
    }
}
