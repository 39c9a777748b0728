using System.Buffers.Binary;
using CardBridge.Qr.Transit;
using CardBridge.Simulation.Qr.Transit;

namespace CardBridge.Qr.Tests.Transit;

public sealed class TransitQrParserTests
{
    private readonly TransitFixture _fixture = new();

    private byte[] ValidBytes() => _fixture.Generator.Generate(SimTransitQrKind.Valid, TransitFixture.Account);

    [Fact]
    public void Parse_reads_every_field_of_the_layout()
    {
        var spec = _fixture.Generator.ValidSpec(TransitFixture.Account) with { PerTripLimitFen = 880, ValiditySeconds = 120 };

        var code = TransitQrParser.Parse(_fixture.Generator.Encode(spec));

        Assert.Equal(TransitQrVersion.Interoperable, code.Version);
        Assert.Equal(SimTransitQrKeys.RootIndex, code.RootKeyIndex);
        Assert.Equal(SimTransitQrKeys.IssuerId, code.IssuerId);
        Assert.True(code.IssuerPublicKey.Span.SequenceEqual(_fixture.Keys.Issuer.CompressedPublicKey.Span));
        Assert.Equal(spec.IssuerCertificateExpiry, code.IssuerCertificateExpiry);
        Assert.Equal(TransitFixture.Account, code.AccountId);
        Assert.Equal(880u, code.PerTripLimitFen);
        Assert.True(code.UserPublicKey.Span.SequenceEqual(_fixture.Keys.User.CompressedPublicKey.Span));
        Assert.Equal(spec.AuthorisationExpiry, code.AuthorisationExpiry);
        Assert.Equal(TimeSpan.FromSeconds(120), code.Validity);
        Assert.Equal(spec.GeneratedAt, code.GeneratedAt);
        Assert.Equal(spec.GeneratedAt.AddSeconds(120), code.ExpiresAt);
    }

    [Fact]
    public void Parse_of_text_ignores_the_line_end_a_scanner_adds()
    {
        var text = Convert.ToBase64String(ValidBytes()) + "\r\n";

        Assert.Equal(TransitFixture.Account, TransitQrParser.Parse(text).AccountId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    public void Parse_refuses_text_that_is_not_Base64_of_a_code(string text)
    {
        var error = Assert.Throws<QrMalformedException>(() => TransitQrParser.Parse(text));

        Assert.Equal(QrErrorReason.Malformed, error.Reason);
    }

    [Fact]
    public void Parse_refuses_text_longer_than_any_code()
    {
        Assert.Throws<QrMalformedException>(() => TransitQrParser.Parse(new string('A', 100_000)));
    }

    [Fact]
    public void Parse_refuses_an_unknown_version_byte()
    {
        var bytes = ValidBytes();
        bytes[0] = 0x82;

        Assert.Throws<QrMalformedException>(() => TransitQrParser.Parse(bytes));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Parse_refuses_a_code_whose_length_disagrees_with_its_account_length(int delta)
    {
        var bytes = ValidBytes();
        var resized = new byte[bytes.Length + delta];
        bytes.AsSpan(0, Math.Min(bytes.Length, resized.Length)).CopyTo(resized);

        Assert.Throws<QrMalformedException>(() => TransitQrParser.Parse(resized));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void Parse_refuses_an_account_length_outside_1_to_20(byte length)
    {
        var bytes = ValidBytes();
        bytes[107] = length;

        Assert.Throws<QrMalformedException>(() => TransitQrParser.Parse(bytes));
    }

    [Fact]
    public void Parse_refuses_an_account_id_that_is_not_letters_and_digits()
    {
        var bytes = ValidBytes();
        bytes[108] = (byte)'-';

        Assert.Throws<QrMalformedException>(() => TransitQrParser.Parse(bytes));
    }

    [Fact]
    public void Parse_refuses_zero_validity()
    {
        var bytes = ValidBytes();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(108 + 9 + 41), 0);

        Assert.Throws<QrMalformedException>(() => TransitQrParser.Parse(bytes));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(108 + 9 + 4)]
    public void Parse_refuses_a_public_key_that_is_not_compressed(int keyOffset)
    {
        var bytes = ValidBytes();
        bytes[keyOffset] = 0x04;

        Assert.Throws<QrMalformedException>(() => TransitQrParser.Parse(bytes));
    }

    [Fact]
    public void Code_text_masks_the_account_id()
    {
        var text = TransitQrParser.Parse(ValidBytes()).ToString();

        Assert.DoesNotContain(TransitFixture.Account, text, StringComparison.Ordinal);
    }
}
