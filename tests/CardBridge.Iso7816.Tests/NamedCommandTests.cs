using CardBridge.Iso7816;

namespace CardBridge.Iso7816.Tests;

/// <summary>Each named command constructor of <see cref="CommandApdu"/>, byte for byte.</summary>
public sealed class NamedCommandTests
{
    private static readonly byte[] Ssse = Convert.FromHexString("7378312E73682EC9E7BBE1B1A3D5CF");

    private static string Hex(CommandApdu command) => Convert.ToHexString(command.ToArray());

    [Fact]
    public void SelectByName_asks_for_the_FCI_with_Le_00()
    {
        Assert.Equal("00A404000F7378312E73682EC9E7BBE1B1A3D5CF00", Hex(CommandApdu.SelectByName(Ssse)));
    }

    [Fact]
    public void SelectByName_without_the_FCI_is_P2_0C_and_has_no_Le()
    {
        Assert.Equal("00A4040C0F7378312E73682EC9E7BBE1B1A3D5CF", Hex(CommandApdu.SelectByName(Ssse, returnFci: false)));
    }

    [Fact]
    public void SelectByFileId_of_the_MF_is_00A4000C_3F00()
    {
        Assert.Equal("00A4000C023F00", Hex(CommandApdu.SelectByFileId(0x3F00)));
    }

    [Theory]
    [InlineData(0x05, 3, 6, "00B2032C06")]
    [InlineData(0x06, 1, 20, "00B2013414")]
    [InlineData(0x08, 254, 256, "00B2FE4400")]
    public void ReadRecord_addresses_the_record_by_SFI(int sfi, int record, int ne, string expected)
    {
        Assert.Equal(expected, Hex(CommandApdu.ReadRecord(sfi, record, ne)));
    }

    [Fact]
    public void ReadRecord_asks_for_the_whole_record_by_default()
    {
        Assert.Equal("00B2010C00", Hex(CommandApdu.ReadRecord(1, 1)));
    }

    [Fact]
    public void UpdateRecord_addresses_the_record_by_SFI_and_carries_the_class_for_secure_messaging()
    {
        var data = Convert.FromHexString("0100000000000000");

        Assert.Equal("00DC0144080100000000000000", Hex(CommandApdu.UpdateRecord(0x08, 1, data)));
        Assert.Equal("04DC0234080100000000000000", Hex(CommandApdu.UpdateRecord(0x06, 2, data, cla: 0x04)));
    }

    [Theory]
    [InlineData(0x15, 256, "00B0950000")]
    [InlineData(0x16, 6, "00B0960006")]
    public void ReadBinary_reads_the_file_by_SFI_from_its_start(int sfi, int ne, string expected)
    {
        Assert.Equal(expected, Hex(CommandApdu.ReadBinary(sfi, ne)));
    }

    [Theory]
    [InlineData(0x00, 0x1E, "00C000001E")]
    [InlineData(0x80, 0x10, "00C0000010")]
    [InlineData(0x03, 256, "03C0000000")]
    public void GetResponse_keeps_the_logical_channel_and_drops_the_rest_of_the_class(byte cla, int ne, string expected)
    {
        Assert.Equal(expected, Hex(CommandApdu.GetResponse(ne, cla)));
    }

    [Fact]
    public void GetChallenge_asks_for_the_random_length()
    {
        Assert.Equal("0084000008", Hex(CommandApdu.GetChallenge(8)));
    }

    [Fact]
    public void Verify_carries_the_PIN_and_without_it_asks_for_the_tries_left()
    {
        Assert.Equal("0020000003123456", Hex(CommandApdu.Verify(Convert.FromHexString("123456"))));
        Assert.Equal("00200000", Hex(CommandApdu.Verify()));
    }

    [Fact]
    public void InternalAuthenticate_names_the_key_and_asks_for_the_whole_answer()
    {
        var input = Convert.FromHexString("000000015A3C19E20102030405060708");

        Assert.Equal("0088000010000000015A3C19E2010203040506070800", Hex(CommandApdu.InternalAuthenticate(0x00, input)));
    }

    [Fact]
    public void ExternalAuthenticate_names_the_key_and_expects_no_data()
    {
        var cryptogram = Convert.FromHexString("1122334455667788");

        Assert.Equal("0082000A081122334455667788", Hex(CommandApdu.ExternalAuthenticate(0x0A, cryptogram)));
    }
}
