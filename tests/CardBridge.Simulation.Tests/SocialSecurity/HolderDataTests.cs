using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.DataElements;
using CardBridge.Simulation.Keys;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Tests.SocialSecurity;

public sealed class HolderDataTests
{
    private const string DefaultSerialAndAuth = "000000015A3C19E2";

    [Theory]
    [InlineData("00B2013414")]
    [InlineData("00B0870004")]
    [InlineData("00B0880004")]
    public async Task Third_generation_EF06_EF07_EF08_need_RKSSSE_external_authentication(string read)
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var before = await card.SendAsync(read);
        await ExternalAuthenticateAsync(card, CardAlgorithm.Sm4);
        var after = await card.SendAsync(read);

        before.HasStatus(0x6982);
        after.HasStatus(0x9000);
    }

    [Fact]
    public async Task Second_generation_EF06_is_readable_without_authentication()
    {
        var card = new CardUnderTest(SimCard.SecondGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var ssn = await card.SendAsync("00B2013414");

        ssn.HasStatus(0x9000);
        Assert.Equal("0812" + Convert.ToHexString("990001199001010013"u8), CardUnderTest.Hex(ssn.Data));
    }

    [Fact]
    public async Task EF06_records_1_to_7_are_tags_08_09_4E_0A_0B_0C_0D()
    {
        var card = new CardUnderTest(SimCard.SecondGen().WithSex('2').WithBirthDate(new DateOnly(1970, 6, 20)).Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var records = new List<BerTlv>();
        for (var n = 1; n <= 7; n++)
        {
            records.Add(BerTlv.ParseSingle((await card.SendAsync($"00B20{n}3400")).Data));
        }

        Assert.Equal([0x08u, 0x09, 0x4E, 0x0A, 0x0B, 0x0C, 0x0D], records.Select(r => r.Tag));
        Assert.Equal([18, 30, 20, 1, 1, 3, 4], records.Select(r => r.Value.Length));
        Assert.Equal("2", System.Text.Encoding.ASCII.GetString(records[3].Value.Span));
        Assert.Equal("01", CardUnderTest.Hex(records[4].Value));
        Assert.Equal("990001", CardUnderTest.Hex(records[5].Value));
        Assert.Equal("19700620", CardUnderTest.Hex(records[6].Value));
    }

    [Theory]
    [InlineData("测试甲", "")]
    [InlineData("测试䶮·阿依古丽·买买提·测试己", "己")]
    public async Task Name_round_trips_through_tags_09_and_4E_in_GB18030(string name, string expectedExtension)
    {
        var card = new CardUnderTest(SimCard.SecondGen().WithHolderName(name).Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var head = BerTlv.ParseSingle((await card.SendAsync("00B2023400")).Data).Value;
        var tail = BerTlv.ParseSingle((await card.SendAsync("00B2033400")).Data).Value;

        var readName = CardText.Gb18030.GetString(head.Span.TrimEnd((byte)0));
        var readExtension = CardText.Gb18030.GetString(tail.Span.TrimEnd((byte)0));
        Assert.Equal(name, readName + readExtension);
        Assert.Equal(expectedExtension, readExtension);
    }

    [Theory]
    [InlineData("测试䶮", "FE9F")]
    [InlineData("测试\U00020000", "95328236")]
    public async Task Characters_outside_GBK_are_stored_in_their_GB18030_code(string name, string code)
    {
        var card = new CardUnderTest(SimCard.SecondGen().WithHolderName(name).Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var stored = BerTlv.ParseSingle((await card.SendAsync("00B2023400")).Data).Value.Span.TrimEnd((byte)0);

        // 测 B2E2, 试 CAD4 (GBK); U+4DAE and U+20000 exist only in GB18030.
        Assert.Equal("B2E2CAD4" + code, Convert.ToHexString(stored));
        Assert.Equal(name, CardText.Gb18030.GetString(stored));
    }

    [Fact]
    public async Task Authentication_state_is_lost_when_a_DF_outside_SSSE_is_selected()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);
        await ExternalAuthenticateAsync(card, CardAlgorithm.Sm4);

        await card.SendAsync("00A40000023F00");
        await card.SendAsync(CardUnderTest.SelectSsse);

        (await card.SendAsync("00B2013400")).HasStatus(0x6982);
    }

    [Fact]
    public async Task Authentication_state_is_lost_on_reset()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);
        await ExternalAuthenticateAsync(card, CardAlgorithm.Sm4);

        card.Card.Reset();
        await card.SendAsync(CardUnderTest.SelectSsse);

        (await card.SendAsync("00B2013400")).HasStatus(0x6982);
    }

    internal static async Task ExternalAuthenticateAsync(CardUnderTest card, CardAlgorithm algorithm, string serialAndAuth = DefaultSerialAndAuth)
    {
        var challenge = (await card.SendAsync("0084000008")).Data.ToArray();
        var key = KeyMaterial.CardKey(algorithm, IssuerKeyUsage.Rkssse, "990001", serialAndAuth);
        var cryptogram = KeyMaterial.Encipher(algorithm, key, challenge);
        var response = await card.SendAsync(new CommandApdu(0x00, 0x82, 0x00, CardKeyIds.Rkssse, cryptogram));
        response.HasStatus(0x9000);
    }
}
