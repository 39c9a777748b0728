using CardBridge.Cards.Recognition;

namespace CardBridge.Cards.Tests.Recognition;

public sealed class AnswerToResetTests
{
    [Theory]
    [InlineData("3B680000" + "53494D5353433330", "53494D5353433330")]               // TB1, TC1, 8 historical bytes
    [InlineData("3B8F8001804F0CA000000306030001000000006A", "804F0CA00000030603000100000000")] // TD1 TD2, T=1 → TCK
    [InlineData("3B00", "")]
    public void Historical_bytes_are_found_after_the_interface_bytes(string atr, string expected)
    {
        var historical = AnswerToReset.HistoricalBytes(Convert.FromHexString(atr));

        Assert.NotNull(historical);
        Assert.Equal(expected, Convert.ToHexString(historical.Value.Span));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345678")]         // TS neither 3B nor 3F
    [InlineData("3B6800005349")]     // fewer historical bytes than announced
    [InlineData("3B80")]             // TD1 announced, missing
    public void Malformed_ATR_has_no_historical_bytes(string atr) =>
        Assert.Null(AnswerToReset.HistoricalBytes(Convert.FromHexString(atr)));
}
