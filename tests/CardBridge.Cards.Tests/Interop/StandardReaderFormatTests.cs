using CardBridge.Cards.Identity;
using CardBridge.Cards.Interop;
using CardBridge.Cards.Tests.Identity;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Transport;

namespace CardBridge.Cards.Tests.Interop;

public sealed class StandardReaderFormatTests
{
    private static async Task<IdentityReadResult> ReadAsync(ISimulatedCard card, bool authenticate = true)
    {
        var reader = new IdentityReader(authenticate ? new KeyFileAuthenticator() : null, new FixedTime(new DateOnly(2025, 6, 1)));
        return await reader.ReadAsync(new CardChannel(new SimulatedCardTransport(card)), card.Atr, CancellationToken.None);
    }

    [Fact]
    public async Task ReadCardBas_of_the_third_generation_profile_is_byte_exact()
    {
        var read = await ReadAsync(CardProfiles.Load("third-gen"));

        var output = StandardReaderFormat.ReadCardBas(read, "999900000001", "CB0001");

        Assert.Equal(
            "990001|990001199001010013|SIM000001|990001D156000005000000015A3C19E2|测试甲|53494D5353433330|3.00|20240301|20340301|999900000001|CB0001|",
            output);
    }

    [Fact]
    public async Task ReadCardBas_of_the_rare_name_profile_carries_the_whole_name_and_no_PSAM_terminal_number()
    {
        var read = await ReadAsync(CardProfiles.Load("rare-name"));

        var output = StandardReaderFormat.ReadCardBas(read, null, "CB0001");

        Assert.Equal(
            "990001|990001197508080062|SIM000006|990001D1560000050000000693A05CF8|测试䶮·阿依古丽·买买提·测试己|53494D5353433330|3.00|20240301|20340301|000000000000|CB0001|",
            output);
    }

    [Fact]
    public async Task Legacy_bytes_are_GBK_for_GBK_names()
    {
        var read = await ReadAsync(CardProfiles.Load("third-gen"));

        var bytes = StandardReaderFormat.ToLegacyBytes(StandardReaderFormat.ReadCardBas(read, null, "CB0001"));

        Assert.Equal(
            Convert.FromHexString(
                "3939303030317C3939303030313139393030313031303031337C53494D3030303030317C" +
                "39393030303144313536303030303035303030303030303135413343313945327C" +
                "B2E2CAD4BCD7" + // 测试甲 in GBK
                "7C353334393444353335333433333333307C332E30307C32303234303330317C32303334303330317C" +
                "3030303030303030303030307C4342303030317C"),
            bytes);
    }

    [Fact]
    public async Task Legacy_bytes_keep_the_rare_character_as_the_card_stores_it()
    {
        var card = (CardBridge.Simulation.SocialSecurity.SimulatedSocialSecurityCard)CardProfiles.Load("rare-name");
        var read = await ReadAsync(card);
        var channel = new CardChannel(new SimulatedCardTransport(card));
        await channel.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, Convert.FromHexString("7378312E73682EC9E7BBE1B1A3D5CF")), CancellationToken.None);
        await new KeyFileAuthenticator().AuthenticateAsync(
            channel, new global::CardBridge.Cards.Authentication.CardKeyContext(card.CardIdentificationCode, card.Algorithm), CancellationToken.None);
        var name = await channel.TransmitAsync(new CommandApdu(0x00, 0xB2, 0x02, 0x34, default, 0x20), CancellationToken.None);
        var extension = await channel.TransmitAsync(new CommandApdu(0x00, 0xB2, 0x03, 0x34, default, 0x16), CancellationToken.None);
        byte[] stored = [.. name.Data.Span[2..].TrimEnd((byte)0), .. extension.Data.Span[2..].TrimEnd((byte)0)];

        var bytes = StandardReaderFormat.ToLegacyBytes(read.Holder!.Name);

        Assert.Equal(stored, bytes);
    }

    [Fact]
    public async Task ReadCardBas_refuses_a_read_without_the_holder_part()
    {
        var read = await ReadAsync(CardProfiles.Load("third-gen"), authenticate: false);

        Assert.Throws<ArgumentException>(() => StandardReaderFormat.ReadCardBas(read, null, "CB0001"));
    }

    [Fact]
    public async Task HsmStep1_lists_region_ATR_algorithm_card_code_and_the_authentication_inputs()
    {
        var read = await ReadAsync(CardProfiles.Load("third-gen"), authenticate: false);
        var challenge = new HsmChallenge(
            Convert.FromHexString("3939303030317378"), Convert.FromHexString("0102030405060708"),
            Convert.FromHexString("3939303030317378"), Convert.FromHexString("A1A2A3A4A5A6A7A8"));

        var output = StandardReaderFormat.HsmStep1(read.Card, challenge);

        Assert.Equal(
            "990001|53494D5353433330|03|990001D156000005000000015A3C19E2|3939303030317378|0102030405060708|3939303030317378|A1A2A3A4A5A6A7A8|",
            output);
    }
}
