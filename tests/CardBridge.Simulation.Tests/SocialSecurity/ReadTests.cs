using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Tests.SocialSecurity;

public sealed class ReadTests
{
    [Theory]
    [InlineData(1, 0x01, 16)]
    [InlineData(2, 0x02, 1)]
    [InlineData(3, 0x03, 4)]
    [InlineData(4, 0x04, 12)]
    [InlineData(5, 0x05, 4)]
    [InlineData(6, 0x06, 4)]
    [InlineData(7, 0x07, 9)]
    public async Task EF05_record_n_holds_tag_length_value_of_its_data_element(int record, int tag, int length)
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var response = await card.SendAsync(new CommandApdu(0x00, 0xB2, (byte)record, 0x2C, default, length + 2));

        response.HasStatus(0x9000);
        var tlv = BerTlv.ParseSingle(response.Data);
        Assert.Equal((uint)tag, tlv.Tag);
        Assert.Equal(length, tlv.Value.Length);
    }

    [Fact]
    public async Task EF05_carries_the_card_data_of_the_builder()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Expired().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var id = await card.SendAsync("00B2012C12");
        var version = await card.SendAsync("00B2032C06");
        var expiry = await card.SendAsync("00B2062C06");

        Assert.Equal("0110990001D156000005000000015A3C19E2", CardUnderTest.Hex(id.Data));
        Assert.Equal("0304" + Convert.ToHexString("3.00"u8), CardUnderTest.Hex(version.Data));
        Assert.Equal("060420200101", CardUnderTest.Hex(expiry.Data));
    }

    [Fact]
    public void Read_record_with_wrong_Le_answers_6C_with_the_record_length()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        card.Raw(CardUnderTest.SelectSsse);

        card.Raw("00B2012C00").HasStatus(0x6C12);
        card.Raw("00B2012C10").HasStatus(0x6C12);
        card.Raw("00B2012C").HasStatus(0x6C12);
    }

    [Fact]
    public async Task Read_record_with_Le_00_through_the_channel_is_reissued_with_the_right_Le()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var response = await card.SendAsync("00B2072C00");

        response.HasStatus(0x9000);
        Assert.Equal("0709" + Convert.ToHexString("SIM000001"u8), CardUnderTest.Hex(response.Data));
    }

    [Theory]
    [InlineData("00B2082C00", 0x6A83)]
    [InlineData("00B2002C00", 0x6A83)]
    [InlineData("00B2014C00", 0x6A82)]
    [InlineData("00B2012D00", 0x6A86)]
    [InlineData("00B2010400", 0x6986)]
    [InlineData("00B2013C00", 0x6981)]
    public async Task Read_record_failures_answer_their_status_word(string apdu, int statusWord)
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var response = await card.SendAsync(apdu);

        response.HasStatus((ushort)statusWord);
    }

    [Fact]
    public async Task Read_binary_by_SFI_and_then_by_offset_in_the_current_EF_on_a_second_generation_card()
    {
        var card = new CardUnderTest(SimCard.SecondGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var head = await card.SendAsync("00B0880009");
        var next = await card.SendAsync("00B0000904");

        head.HasStatus(0x9000);
        Assert.Equal("SIM-PHOTO", System.Text.Encoding.ASCII.GetString(head.Data.Span));
        Assert.Equal("090A0B0C", CardUnderTest.Hex(next.Data));
    }

    [Fact]
    public async Task Read_binary_past_the_end_answers_6C_with_what_is_left_then_succeeds()
    {
        var card = new CardUnderTest(SimCard.SecondGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        card.Raw("00B0887C10").HasStatus(0x6C04);
        var response = await card.SendAsync("00B0887C10");

        Assert.Equal(4, response.Data.Length);
    }

    [Theory]
    [InlineData("00B0000000", 0x6986)]
    [InlineData("00B0990000", 0x6A82)]
    [InlineData("00B0850000", 0x6981)]
    [InlineData("00B0C50000", 0x6A86)]
    [InlineData("00B088FF01", 0x6B00)]
    public async Task Read_binary_failures_answer_their_status_word(string apdu, int statusWord)
    {
        var card = new CardUnderTest(SimCard.SecondGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var response = await card.SendAsync(apdu);

        response.HasStatus((ushort)statusWord);
    }

    [Fact]
    public async Task SSSE_files_cannot_be_updated()
    {
        var card = new CardUnderTest(SimCard.SecondGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var record = await card.SendAsync("00DC072C0B0709" + Convert.ToHexString("SIM999999"u8));
        var binary = await card.SendAsync("00D688000100");

        record.HasStatus(0x6982);
        binary.HasStatus(0x6982);
    }
}
