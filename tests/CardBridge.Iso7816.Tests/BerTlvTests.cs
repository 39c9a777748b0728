using CardBridge.Iso7816;

namespace CardBridge.Iso7816.Tests;

public sealed class BerTlvTests
{
    [Fact]
    public void ParseAll_reads_the_SSSE_FCI_with_nested_proprietary_template()
    {
        var fci = Convert.FromHexString("6F1C840F7378312E73682EC9E7BBE1B1A3D5CFA50988011E9F0C03860103");

        var objects = BerTlv.ParseAll(fci);

        var template = Assert.Single(objects);
        Assert.Equal(0x6Fu, template.Tag);
        Assert.True(template.IsConstructed);
        Assert.Equal("7378312E73682EC9E7BBE1B1A3D5CF", Convert.ToHexString(template.Find(0x84)!.Value.Span));
        Assert.Equal("1E", Convert.ToHexString(template.Find(0x88)!.Value.Span));
        var proprietary = template.Find(0x9F0C)!;
        Assert.False(proprietary.IsConstructed);
        Assert.Equal("860103", Convert.ToHexString(proprietary.Value.Span));
    }

    [Fact]
    public void ParseAll_reads_long_form_lengths()
    {
        var value = new byte[300];
        var encoded = Convert.FromHexString("5F24820" + "12C").Concat(value).ToArray();

        var tlv = Assert.Single(BerTlv.ParseAll(encoded));

        Assert.Equal(0x5F24u, tlv.Tag);
        Assert.Equal(300, tlv.Value.Length);
    }

    [Fact]
    public void ParseAll_skips_00_and_FF_padding_between_objects()
    {
        var objects = BerTlv.ParseAll(Convert.FromHexString("00FF5A0212340000"));

        Assert.Equal(0x5Au, Assert.Single(objects).Tag);
    }

    [Theory]
    [InlineData("5A05123456", "overruns")]
    [InlineData("5A", "missing length")]
    [InlineData("9F", "truncated tag")]
    [InlineData("5A80", "indefinite")]
    [InlineData("5A8501000000000000", "length field of 5 bytes")]
    [InlineData("5F8F8F8F0100", "longer than 4 bytes")]
    [InlineData("5A84FFFFFFFF", "too large")]
    public void ParseAll_rejects_malformed_input_with_TlvFormatException(string hex, string reason)
    {
        var error = Assert.Throws<TlvFormatException>(() => BerTlv.ParseAll(Convert.FromHexString(hex)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAll_rejects_nesting_deeper_than_the_limit_instead_of_recursing()
    {
        var bytes = new byte[2 * (BerTlv.MaxDepth + 5)];
        for (var i = 0; i < BerTlv.MaxDepth + 5; i++)
        {
            bytes[2 * i] = 0x70;
            bytes[(2 * i) + 1] = (byte)(bytes.Length - (2 * i) - 2);
        }

        Assert.Throws<TlvFormatException>(() => BerTlv.ParseAll(bytes));
    }

    [Fact]
    public void ParseSingle_rejects_trailing_bytes()
    {
        Assert.Throws<TlvFormatException>(() => BerTlv.ParseSingle(Convert.FromHexString("5A01019000")));
    }

    [Fact]
    public void Constructed_encodes_children_and_parses_back_identically()
    {
        var tlv = BerTlv.Constructed(0x6F,
            BerTlv.Primitive(0x84, Convert.FromHexString("D15600000503")),
            BerTlv.Constructed(0xA5, BerTlv.Primitive(0x88, new byte[] { 0x1E }), BerTlv.Primitive(0x5F2D, new byte[200])));

        var encoded = tlv.ToArray();
        var parsed = BerTlv.ParseSingle(encoded);

        Assert.Equal(encoded, parsed.ToArray());
        Assert.Equal("81C8", Convert.ToHexString(encoded.AsSpan(encoded.Length - 202, 2)));
        Assert.Equal(200, parsed.Find(0x5F2D)!.Value.Length);
    }

    [Theory]
    [InlineData(0x1Fu)]
    [InlineData(0x5A1Fu)]
    [InlineData(0x9F80u)]
    public void Primitive_rejects_tags_that_are_not_valid_BER(uint tag)
    {
        Assert.Throws<ArgumentException>(() => BerTlv.Primitive(tag, default));
    }

    [Fact]
    public void Primitive_and_Constructed_refuse_the_wrong_kind_of_tag()
    {
        Assert.Throws<ArgumentException>(() => BerTlv.Primitive(0x6F, default));
        Assert.Throws<ArgumentException>(() => BerTlv.Constructed(0x5A));
    }
}
