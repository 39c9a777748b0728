using CardBridge.Iso7816;

namespace CardBridge.Iso7816.Tests;

public sealed class CommandApduTests
{
    [Theory]
    [InlineData("00A4040C", 1, 0, 0)]
    [InlineData("0084000008", 2, 0, 8)]
    [InlineData("00B2052C00", 2, 0, 256)]
    [InlineData("00A4040C0F7378312E73682EC9E7BBE1B1A3D5CF", 3, 15, 0)]
    [InlineData("00A404000F7378312E73682EC9E7BBE1B1A3D5CF00", 4, 15, 256)]
    [InlineData("00B0000000FFFF", 2, 0, 65535)]
    public void Parse_recognises_each_case_and_round_trips(string hex, int expectedCase, int nc, int ne)
    {
        var apdu = CommandApdu.Parse(Convert.FromHexString(hex));

        Assert.Equal(expectedCase, apdu.Case);
        Assert.Equal(nc, apdu.Data.Length);
        Assert.Equal(ne, apdu.Ne);
        Assert.Equal(hex, Convert.ToHexString(apdu.ToArray()));
    }

    [Fact]
    public void Extended_case_2_encodes_Le_65536_as_three_zero_bytes()
    {
        var apdu = new CommandApdu(0x00, 0xB0, 0x00, 0x00, default, CommandApdu.MaxExtendedNe);

        Assert.True(apdu.IsExtended);
        Assert.Equal("00B00000000000", Convert.ToHexString(apdu.ToArray()));
        Assert.Equal(CommandApdu.MaxExtendedNe, CommandApdu.Parse(apdu.ToArray()).Ne);
    }

    [Fact]
    public void Extended_case_3_and_4_carry_two_byte_lengths()
    {
        var data = new byte[300];
        data[299] = 0xAB;

        var case3 = new CommandApdu(0x00, 0xD6, 0x00, 0x00, data);
        var case4 = new CommandApdu(0x00, 0xD6, 0x00, 0x00, data, 1000);

        Assert.Equal("00D60000" + "00012C", Convert.ToHexString(case3.ToArray()[..7]));
        Assert.Equal(307, case3.ToArray().Length);
        Assert.Equal("03E8", Convert.ToHexString(case4.ToArray()[^2..]));
        Assert.Equal(309, case4.ToArray().Length);
        var parsed = CommandApdu.Parse(case4.ToArray());
        Assert.Equal(4, parsed.Case);
        Assert.Equal(1000, parsed.Ne);
        Assert.Equal(0xAB, parsed.Data.Span[299]);
    }

    [Fact]
    public void Short_Le_256_is_encoded_as_zero()
    {
        Assert.Equal("00C0000000", Convert.ToHexString(new CommandApdu(0x00, 0xC0, 0, 0, default, 256).ToArray()));
    }

    [Theory]
    [InlineData("00A404")]
    [InlineData("00A4040C05112233")]
    [InlineData("00A4040C0211223344")]
    [InlineData("00D600000000")]
    [InlineData("00D6000000000211")]
    public void Parse_rejects_inconsistent_lengths(string hex)
    {
        Assert.Throws<ApduFormatException>(() => CommandApdu.Parse(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Constructor_rejects_out_of_range_Ne()
    {
        Assert.Throws<ApduFormatException>(() => new CommandApdu(0, 0xB0, 0, 0, default, 65537));
        Assert.Throws<ApduFormatException>(() => new CommandApdu(0, 0xB0, 0, 0, default, -1));
    }
}
