using CardBridge.Qr.Platform;
using CardBridge.Simulation.Qr.Platform;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CardBridge.Qr.Tests.Platform;

public sealed class PlatformQrCodeTests
{
    private static readonly string Token43 = new('A', 43);

    [Fact]
    public async Task Parse_recognises_issued_e_voucher_and_e_SSC_codes_by_their_scheme()
    {
        await using var platform = SimulatedQrPlatform.Start(new SimulatedQrPlatformOptions());
        var voucher = platform.IssueCode(SimQrCodeType.EVoucher, "third-gen", TimeSpan.FromMinutes(1));
        var essc = platform.IssueCode(SimQrCodeType.SocialSecurityCard, "third-gen", TimeSpan.FromMinutes(1));

        var voucherCode = PlatformQrCode.Parse(voucher);
        var esscCode = PlatformQrCode.Parse(essc);

        Assert.Equal(PlatformQrCodeType.EVoucher, voucherCode.Type);
        Assert.Equal(voucher, voucherCode.Text);
        Assert.Equal(PlatformQrCodeType.SocialSecurityCard, esscCode.Type);
        Assert.Equal(essc, esscCode.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ECV1.")]
    [InlineData("ESSC1.")]
    [InlineData("ecv1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ECV2.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ECV1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ECV1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("ESSC1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("ESSC1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n")]
    [InlineData(" ECV1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ECV1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA甲")]
    [InlineData("https://example.invalid/qr?c=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Parse_throws_QrMalformedException_for_text_that_is_not_a_platform_code(string text)
    {
        var e = Assert.Throws<QrMalformedException>(() => PlatformQrCode.Parse(text));
        Assert.False(PlatformQrCode.TryParse(text, out _));
        if (text.Length > 0)
        {
            Assert.DoesNotContain(text, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_throws_QrMalformedException_for_null()
    {
        Assert.Throws<QrMalformedException>(() => PlatformQrCode.Parse(null));
    }

    [Theory]
    [InlineData(PlatformQrCode.MinTokenLength)]
    [InlineData(PlatformQrCode.MaxTokenLength)]
    public void Parse_accepts_tokens_at_both_length_bounds(int length)
    {
        Assert.Equal(PlatformQrCodeType.EVoucher, PlatformQrCode.Parse("ECV1." + new string('z', length)).Type);
        Assert.Throws<QrMalformedException>(() =>
            PlatformQrCode.Parse("ECV1." + new string('z', length == PlatformQrCode.MinTokenLength ? length - 1 : length + 1)));
    }

    [Fact]
    public void ToString_names_the_kind_and_length_but_never_the_code()
    {
        var text = "ESSC1." + Token43;

        var shown = PlatformQrCode.Parse(text).ToString();

        Assert.DoesNotContain(Token43, shown, StringComparison.Ordinal);
        Assert.Contains("SocialSecurityCard", shown, StringComparison.Ordinal);
        Assert.Contains("49", shown, StringComparison.Ordinal);
    }

    [Property(MaxTest = 3000)]
    public bool Parse_of_any_string_returns_a_code_or_QrMalformedException(string? text) => ParsesOrMalformed(text);

    [Property(MaxTest = 3000)]
    public Property Parse_of_any_text_after_a_scheme_prefix_returns_a_code_or_QrMalformedException() =>
        Prop.ForAll(
            Gen.Elements(PlatformQrCode.EVoucherPrefix, PlatformQrCode.SocialSecurityCardPrefix).Zip(ArbMap.Default.GeneratorFor<string>()).ToArbitrary(),
            pair => ParsesOrMalformed(pair.Item1 + pair.Item2));

    [Property(MaxTest = 1000)]
    public Property Parse_accepts_every_base64url_token_of_allowed_length() =>
        Prop.ForAll(
            Gen.Choose(PlatformQrCode.MinTokenLength, PlatformQrCode.MaxTokenLength)
                .SelectMany(length => Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".ToCharArray()).ArrayOf(length))
                .ToArbitrary(),
            chars => PlatformQrCode.Parse(PlatformQrCode.EVoucherPrefix + new string(chars)).Type == PlatformQrCodeType.EVoucher);

    private static bool ParsesOrMalformed(string? text)
    {
        try
        {
            var code = PlatformQrCode.Parse(text);
            return code.Text == text && PlatformQrCode.TryParse(text, out var again) && again == code;
        }
        catch (QrMalformedException)
        {
            return !PlatformQrCode.TryParse(text, out _);
        }
    }
}
