using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Keys;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Psam;

namespace CardBridge.Simulation.Tests.Psam;

public sealed class PsamTests
{
    private const string SelectDes = "00A404000F7378312E73682EC9E7BBE1B1A3D5CF";
    private const string SelectSm = "00A404000F7378322E73682EC9E7BBE1B1A3D5CF";
    private const string SelectApplication = "00A4040006D15600000590";

    [Fact]
    public async Task Read_binary_SFI_16_returns_the_terminal_number()
    {
        var psam = new CardUnderTest(SimCard.Psam().WithTerminalNumber("999900000042").Build());

        var response = await psam.SendAsync("00B0960006");

        response.HasStatus(0x9000);
        Assert.Equal("999900000042", CardUnderTest.Hex(response.Data));
    }

    [Theory]
    [InlineData(SelectDes)]
    [InlineData(SelectSm)]
    [InlineData(SelectApplication)]
    public async Task Environments_and_the_application_are_selectable_by_AID(string select)
    {
        var psam = new CardUnderTest(SimCard.Psam().Build());

        (await psam.SendAsync(select)).HasStatus(0x9000);
    }

    [Theory]
    [InlineData(PsamEnvironment.Des, CardAlgorithm.Des3, SelectDes)]
    [InlineData(PsamEnvironment.Sm, CardAlgorithm.Sm4, SelectSm)]
    public async Task Init_for_descrypt_and_cipher_data_encrypt_with_the_diversified_master_key(
        PsamEnvironment environment, CardAlgorithm algorithm, string select)
    {
        var other = environment == PsamEnvironment.Des ? PsamEnvironment.Sm : PsamEnvironment.Des;
        var psam = new CardUnderTest(SimCard.Psam().WithoutEnvironment(other).Build());
        await psam.SendAsync(select);

        var init = await psam.SendAsync(new CommandApdu(0x80, 0x1A, (byte)IssuerKeyUsage.Rkssse, 0x01,
            (byte[])[.. "990001sx"u8, .. Convert.FromHexString("000000015A3C19E2")]));
        var cipher = await psam.SendAsync(new CommandApdu(0x80, 0xFA, 0x00, 0x00, Convert.FromHexString("1122334455667788"), 256));

        init.HasStatus(0x9000);
        cipher.HasStatus(0x9000);
        var key = KeyMaterial.CardKey(algorithm, IssuerKeyUsage.Rkssse, "990001", "000000015A3C19E2");
        Assert.Equal(KeyMaterial.Encipher(algorithm, key, Convert.FromHexString("1122334455667788")), cipher.Data.ToArray());
    }

    [Fact]
    public async Task Cipher_data_without_init_answers_6985()
    {
        var psam = new CardUnderTest(SimCard.Psam().Build());
        await psam.SendAsync(SelectSm);

        (await psam.SendAsync("80FA0000081122334455667788")).HasStatus(0x6985);
    }

    [Fact]
    public async Task Init_for_descrypt_outside_an_environment_answers_6985()
    {
        var psam = new CardUnderTest(SimCard.Psam().Build());

        (await psam.SendAsync("801A2801083939303030317378")).HasStatus(0x6985);
    }

    [Theory]
    [InlineData("801A2802083939303030317378", 0x9403)]
    [InlineData("801A3001083939303030317378", 0x9403)]
    [InlineData("801A28010739393030303173", 0x6700)]
    public async Task Init_for_descrypt_rejects_unknown_keys_and_partial_factors(string apdu, int statusWord)
    {
        var psam = new CardUnderTest(SimCard.Psam().Build());
        await psam.SendAsync(SelectSm);

        (await psam.SendAsync(apdu)).HasStatus((ushort)statusWord);
    }

    [Fact]
    public async Task A_PSAM_without_RKSSSE_answers_9403_for_usage_28_but_keeps_internal_auth()
    {
        var psam = new CardUnderTest(SimCard.Psam().WithoutRkssse().Build());
        await psam.SendAsync(SelectSm);

        (await psam.SendAsync("801A2801083939303030317378")).HasStatus(0x9403);
        (await psam.SendAsync("801A2701083939303030317378")).HasStatus(0x9000);
    }

    [Fact]
    public async Task A_PSAM_without_the_SM_environment_answers_6A82_to_its_selection()
    {
        var psam = new CardUnderTest(SimCard.Psam().WithoutEnvironment(PsamEnvironment.Sm).Build());

        (await psam.SendAsync(SelectSm)).HasStatus(0x6A82);
        (await psam.SendAsync(SelectDes)).HasStatus(0x9000);
    }

    [Fact]
    public async Task Psam_profile_without_RKSSSE_loads_as_such()
    {
        var psam = new CardUnderTest(CardProfiles.Load("psam-no-rkssse"));
        await psam.SendAsync(SelectDes);

        (await psam.SendAsync("801A2801083939303030317378")).HasStatus(0x9403);
        (await psam.SendAsync(SelectSm)).HasStatus(0x6A82);
    }
}
