using CardBridge.Iso7816;

namespace CardBridge.Iso7816.Tests;

public sealed class StatusWordTests
{
    [Theory]
    [InlineData(0x9000, "success")]
    [InlineData(0x6982, "security status not satisfied")]
    [InlineData(0x6983, "authentication method blocked")]
    [InlineData(0x6A82, "file or application not found")]
    [InlineData(0x6A83, "record not found")]
    [InlineData(0x9302, "MAC invalid")]
    [InlineData(0x9401, "insufficient funds")]
    [InlineData(0x63C2, "verification failed, 2 tries left")]
    [InlineData(0x611E, "30 more bytes available (GET RESPONSE)")]
    [InlineData(0x6C00, "wrong Le: exact length is 256")]
    public void Meaning_names_the_status_in_words(int value, string meaning)
    {
        Assert.Equal(meaning, StatusWord.FromUInt16((ushort)value).Meaning);
    }

    [Fact]
    public void Named_status_words_have_their_values()
    {
        Assert.Equal(0x6983, StatusWord.AuthenticationBlocked.Value);
        Assert.Equal(0x6A82, StatusWord.FileNotFound.Value);
        Assert.Equal(0x6A83, StatusWord.RecordNotFound.Value);
        Assert.Equal(0x9302, StatusWord.MacInvalid.Value);
        Assert.Equal(0x9401, StatusWord.InsufficientFunds.Value);
        Assert.Equal(0x9403, StatusWord.KeyIndexNotSupported.Value);
        Assert.Equal(0x9406, StatusWord.MacUnavailable.Value);
    }

    [Fact]
    public void RetriesLeft_is_read_from_63Cx_only()
    {
        Assert.Equal(3, StatusWord.FromUInt16(0x63C3).RetriesLeft);
        Assert.Null(StatusWord.FromUInt16(0x6300).RetriesLeft);
        Assert.Null(StatusWord.FromUInt16(0x6983).RetriesLeft);
    }

    [Fact]
    public void ToString_shows_hex_and_meaning()
    {
        Assert.Equal("6A82 (file or application not found)", StatusWord.FromUInt16(0x6A82).ToString());
    }

    [Fact]
    public void Every_status_word_has_a_meaning()
    {
        for (var value = 0; value <= 0xFFFF; value++)
        {
            Assert.False(string.IsNullOrEmpty(StatusWord.FromUInt16((ushort)value).Meaning));
        }
    }
}
