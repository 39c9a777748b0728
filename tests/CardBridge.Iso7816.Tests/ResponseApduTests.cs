using CardBridge.Iso7816;

namespace CardBridge.Iso7816.Tests;

public sealed class ResponseApduTests
{
    [Fact]
    public void Parse_splits_data_and_status_word()
    {
        var response = ResponseApdu.Parse(Convert.FromHexString("0102039000"));

        Assert.Equal("010203", Convert.ToHexString(response.Data.Span));
        Assert.Equal(StatusWord.Success, response.StatusWord);
        Assert.Equal("0102039000", Convert.ToHexString(response.ToArray()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("90")]
    public void Parse_rejects_fewer_than_two_bytes(string hex)
    {
        Assert.Throws<ApduFormatException>(() => ResponseApdu.Parse(Convert.FromHexString(hex)));
    }

    [Fact]
    public void EnsureSuccess_throws_with_the_status_word_and_command_name()
    {
        var response = ResponseApdu.Parse(Convert.FromHexString("6A82"));

        var error = Assert.Throws<StatusWordException>(() => response.EnsureSuccess("SELECT SSSE"));

        Assert.Equal(0x6A82, error.StatusWord.Value);
        Assert.Contains("SELECT SSSE", error.Message, StringComparison.Ordinal);
        Assert.Contains("file or application not found", error.Message, StringComparison.Ordinal);
    }
}
