using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Tests.SocialSecurity;

public sealed class SelectTests
{
    private const string SsseFci = "6F1C840F7378312E73682EC9E7BBE1B1A3D5CFA50988011E9F0C038601";

    [Fact]
    public async Task Select_SSSE_returns_the_FCI_with_algorithm_SM4_on_a_third_generation_card()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());

        var response = await card.SendAsync(CardUnderTest.SelectSsse);

        response.HasStatus(0x9000);
        Assert.Equal(SsseFci + "03", CardUnderTest.Hex(response.Data));
    }

    [Fact]
    public async Task Select_SSSE_announces_3DES_on_a_second_generation_card()
    {
        var card = new CardUnderTest(SimCard.SecondGen().Build());

        var response = await card.SendAsync(CardUnderTest.SelectSsse);

        Assert.Equal(SsseFci + "01", CardUnderTest.Hex(response.Data));
    }

    [Fact]
    public void Select_on_T0_answers_611E_and_the_FCI_comes_with_GET_RESPONSE()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().WithT0GetResponse().Build());

        card.Raw(CardUnderTest.SelectSsse).HasStatus(0x611E);
        var fci = card.Raw("00C000001E");

        fci.HasStatus(0x9000);
        Assert.Equal(SsseFci + "03", CardUnderTest.Hex(fci.Data));
    }

    [Fact]
    public void Get_response_with_a_short_Le_returns_part_and_announces_the_rest()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().WithT0GetResponse().Build());
        card.Raw(CardUnderTest.SelectSsse);

        var first = card.Raw("00C0000010");
        var rest = card.Raw("00C000000E");

        first.HasStatus(0x610E);
        rest.HasStatus(0x9000);
        Assert.Equal(SsseFci + "03", CardUnderTest.Hex(first.Data) + CardUnderTest.Hex(rest.Data));
    }

    [Fact]
    public void Get_response_with_too_long_Le_answers_6Cxx()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().WithT0GetResponse().Build());
        card.Raw(CardUnderTest.SelectSsse);

        card.Raw("00C0000000").HasStatus(0x6C1E);
    }

    [Fact]
    public void Get_response_without_pending_data_answers_6985()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());

        card.Raw("00C000001E").HasStatus(0x6985);
    }

    [Fact]
    public void Without_T0_behaviour_select_answers_the_FCI_directly()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().WithT0GetResponse(false).Build());

        var response = card.Raw(CardUnderTest.SelectSsse);

        response.HasStatus(0x9000);
        Assert.Equal(SsseFci + "03", CardUnderTest.Hex(response.Data));
    }

    [Fact]
    public async Task Select_with_P2_0C_returns_no_data()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());

        var response = await card.SendAsync("00A4040C0F7378312E73682EC9E7BBE1B1A3D5CF");

        response.HasStatus(0x9000);
        Assert.True(response.Data.IsEmpty);
    }

    [Fact]
    public async Task Select_MF_by_file_id_returns_its_FCI()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());

        var response = await card.SendAsync("00A40000023F00");

        response.HasStatus(0x9000);
        Assert.Equal("6F0483023F00", CardUnderTest.Hex(response.Data));
    }

    [Fact]
    public async Task Select_EF_by_file_id_under_the_current_DF_makes_it_current_for_READ_RECORD()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var fcp = await card.SendAsync("00A4020002EF05");
        var record = await card.SendAsync("00B2070412");

        fcp.HasStatus(0x9000);
        Assert.Equal(0x62, fcp.Data.Span[0]);
        record.HasStatus(0x9000);
        Assert.Equal("0709" + Convert.ToHexString("SIM000001"u8), CardUnderTest.Hex(record.Data));
    }

    [Fact]
    public async Task Select_DF04_by_AID_and_by_file_id_reaches_the_medical_application()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());

        var byAid = await card.SendAsync(CardUnderTest.SelectMedical);
        await card.SendAsync(CardUnderTest.SelectSsse);
        var byFid = await card.SendAsync("00A4000002DF04");

        Assert.Equal("6F088406D15600000503", CardUnderTest.Hex(byAid.Data));
        Assert.Equal(CardUnderTest.Hex(byAid.Data), CardUnderTest.Hex(byFid.Data));
    }

    [Theory]
    [InlineData("00A4040006D156000005FF", 0x6A82)]
    [InlineData("00A4000002EF99", 0x6A82)]
    [InlineData("00A4020002DF04", 0x6A82)]
    [InlineData("00A4080002EF05", 0x6A86)]
    [InlineData("00A4040106D15600000503", 0x6A86)]
    [InlineData("00A4000003EF0501", 0x6700)]
    public async Task Select_failures_answer_their_status_word(string apdu, int statusWord)
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        var response = await card.SendAsync(apdu);

        response.HasStatus((ushort)statusWord);
    }
}
