using System.Buffers.Binary;
using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Tests.SocialSecurity;

public sealed class MedicalInsuranceTests
{
    [Fact]
    public async Task DF04_EF05_is_readable_without_PIN()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectMedical);

        var type = BerTlv.ParseSingle((await card.SendAsync("00B2012C00")).Data);
        var mode = BerTlv.ParseSingle((await card.SendAsync("00B2022C00")).Data);

        Assert.Equal(0x81u, type.Tag);
        Assert.Equal("310", System.Text.Encoding.ASCII.GetString(type.Value.Span));
        Assert.Equal(0x8Fu, mode.Tag);
        Assert.Equal([1], mode.Value.ToArray());
    }

    [Fact]
    public async Task DF04_EF06_offline_settlement_needs_the_PIN()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().WithOfflineSettlement(true, 12345, 2).Build());
        await card.SendAsync(CardUnderTest.SelectMedical);

        var locked = await card.SendAsync("00B2013400");
        await card.SendAsync("0020000003123456");
        var allowed = BerTlv.ParseSingle((await card.SendAsync("00B2013400")).Data);
        var amount = BerTlv.ParseSingle((await card.SendAsync("00B2023400")).Data);
        var count = BerTlv.ParseSingle((await card.SendAsync("00B2033400")).Data);

        locked.HasStatus(0x6982);
        Assert.Equal((0x90u, 1), (allowed.Tag, (int)allowed.Value.Span[0]));
        Assert.Equal((0x92u, 12345u), (amount.Tag, BinaryPrimitives.ReadUInt32BigEndian(amount.Value.Span)));
        Assert.Equal((0x93u, 2), (count.Tag, (int)count.Value.Span[0]));
    }

    [Fact]
    public async Task PIN_verified_in_SSSE_holds_in_DF04()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);
        await card.SendAsync("0020000003123456");

        await card.SendAsync("00A4000002DF04");

        (await card.SendAsync("00B2013400")).HasStatus(0x9000);
    }

    [Fact]
    public async Task A_wrong_PIN_clears_the_verified_state()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectMedical);
        await card.SendAsync("0020000003123456");

        await card.SendAsync("0020000003000000");

        (await card.SendAsync("00B2013400")).HasStatus(0x6982);
    }

    [Fact]
    public async Task DF04_EF06_can_be_updated_after_PIN_and_keeps_the_record_length()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectMedical);

        var denied = await card.SendAsync("00DC023406920400002710");
        await card.SendAsync("0020000003123456");
        var updated = await card.SendAsync("00DC023406920400002710");
        var tooLong = await card.SendAsync("00DC02340792050000002710");
        var read = await card.SendAsync("00B2023400");

        denied.HasStatus(0x6982);
        updated.HasStatus(0x9000);
        tooLong.HasStatus(0x6700);
        Assert.Equal("920400002710", CardUnderTest.Hex(read.Data));
    }

    [Fact]
    public async Task DF04_EF08_holds_0x1C_byte_details_newest_first_after_PIN()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectMedical);

        var locked = await card.SendAsync("00B2014400");
        await card.SendAsync("0020000003123456");
        var newest = await card.SendAsync("00B2014400");
        var oldest = await card.SendAsync("00B2024400");
        var none = await card.SendAsync("00B2034400");

        locked.HasStatus(0x6982);
        Assert.Equal(0x1C, newest.Data.Length);
        Assert.Equal("0002" + "32" + "999900000001" + "20250214100512" + "00000CB2" + "000004B0" + "00002260",
            CardUnderTest.Hex(newest.Data));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(oldest.Data.Span));
        none.HasStatus(0x6A83);
    }

    [Fact]
    public async Task DF04_EF08_answers_6C1C_to_a_wrong_Le()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectMedical);
        await card.SendAsync("0020000003123456");

        card.Raw("00B2014410").HasStatus(0x6C1C);
    }

    [Theory]
    [InlineData("D15600000500")]
    [InlineData("D15600000501")]
    [InlineData("D15600000502")]
    [InlineData("D15600000504")]
    public async Task Other_applications_exist_as_empty_DFs(string aid)
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());

        var select = await card.SendAsync("00A4040006" + aid);
        var read = await card.SendAsync("00B2012C00");

        select.HasStatus(0x9000);
        read.HasStatus(0x6A82);
    }
}
