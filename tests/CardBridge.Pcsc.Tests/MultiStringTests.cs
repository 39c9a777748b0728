using System.Text;
using CardBridge.Pcsc.Native;

namespace CardBridge.Pcsc.Tests;

public sealed class MultiStringTests
{
    [Fact]
    public void Utf8_multi_string_splits_at_nul_and_stops_at_the_double_nul()
    {
        var buffer = Encoding.UTF8.GetBytes("Virtual PCD 00 00\0Virtual PCD 00 01\0\0garbage\0");

        Assert.Equal(["Virtual PCD 00 00", "Virtual PCD 00 01"], MultiString.ParseUtf8(buffer));
    }

    [Fact]
    public void Utf8_names_with_non_ascii_characters_round_trip()
    {
        var buffer = Encoding.UTF8.GetBytes("读卡器 甲 [接触]\0Reader ü\0\0");

        Assert.Equal(["读卡器 甲 [接触]", "Reader ü"], MultiString.ParseUtf8(buffer));
    }

    [Fact]
    public void Missing_final_terminator_still_yields_the_last_name()
    {
        Assert.Equal(["A", "B"], MultiString.ParseUtf8("A\0B"u8));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\0")]
    [InlineData("\0\0")]
    public void Empty_multi_string_yields_no_names(string text)
    {
        Assert.Empty(MultiString.ParseUtf8(Encoding.UTF8.GetBytes(text)));
        Assert.Empty(MultiString.ParseUtf16(text));
    }

    [Fact]
    public void Utf16_multi_string_splits_like_utf8()
    {
        Assert.Equal(["Reader 0", "读卡器 1"], MultiString.ParseUtf16("Reader 0\0读卡器 1\0\0"));
    }
}
