using CardBridge.Cards.Pin;

namespace CardBridge.Cards.Tests.Pin;

public sealed class PinBufferTests
{
    [Fact]
    public void Dispose_zeroes_the_owned_digits()
    {
        var digits = "123456"u8.ToArray();
        var pin = PinBuffer.Own(digits);

        pin.Dispose();

        Assert.All(digits, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Disposed_buffer_cannot_be_used_again()
    {
        var pin = PinBuffer.FromDigits("123456");
        pin.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pin.Length);
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData("12345", "12345F")]
    [InlineData("1234", "1234")]
    [InlineData("123456789012", "123456789012")]
    public void BCD_form_is_packed_and_F_padded(string digits, string expectedHex)
    {
        using var pin = PinBuffer.FromDigits(digits);
        var bcd = new byte[pin.BcdLength];

        pin.WriteBcd(bcd);

        Assert.Equal(expectedHex, Convert.ToHexString(bcd));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("1234567890123")]
    [InlineData("12a456")]
    public void Non_PIN_input_is_refused_and_zeroed(string text)
    {
        var digits = System.Text.Encoding.ASCII.GetBytes(text);

        Assert.Throws<FormatException>(() => PinBuffer.Own(digits));
        Assert.All(digits, b => Assert.Equal(0, b));
    }

    [Fact]
    public void ToString_never_shows_the_digits()
    {
        using var pin = PinBuffer.FromDigits("987654");

        Assert.DoesNotContain("987654", pin.ToString(), StringComparison.Ordinal);
    }
}
