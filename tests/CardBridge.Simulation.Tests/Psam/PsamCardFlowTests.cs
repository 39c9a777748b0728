using CardBridge.Iso7816;
using CardBridge.Simulation.Keys;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Tests.Psam;

/// <summary>The terminal's real flow: the PSAM computes the card's cryptograms, nothing computed by the test.</summary>
public sealed class PsamCardFlowTests
{
    private const string SelectSm = "00A404000F7378322E73682EC9E7BBE1B1A3D5CF";
    private const string SelectDes = "00A404000F7378312E73682EC9E7BBE1B1A3D5CF";

    [Theory]
    [InlineData("third-gen")]
    [InlineData("second-gen")]
    public async Task Card_accepts_the_external_auth_cryptogram_the_PSAM_computes_and_then_reveals_EF06(string profile)
    {
        var card = new CardUnderTest(CardProfiles.Load(profile));
        var psam = new CardUnderTest(CardProfiles.Load("psam"));

        var accepted = await ExternalAuthenticateThroughPsamAsync(card, psam);
        var ssn = await card.SendAsync("00B2013400");

        accepted.HasStatus(0x9000);
        ssn.HasStatus(0x9000);
    }

    [Fact]
    public async Task Forged_card_rejects_the_genuine_PSAM_cryptogram()
    {
        var card = new CardUnderTest(CardProfiles.Load("forged"));
        var psam = new CardUnderTest(CardProfiles.Load("psam"));

        var response = await ExternalAuthenticateThroughPsamAsync(card, psam);

        response.HasStatus(0x6300);
        (await card.SendAsync("00B2013400")).HasStatus(0x6982);
    }

    [Theory]
    [InlineData("third-gen", true)]
    [InlineData("forged", false)]
    public async Task PSAM_checks_the_card_internal_authenticate_answer(string profile, bool genuine)
    {
        var card = new CardUnderTest(CardProfiles.Load(profile));
        var psam = new CardUnderTest(CardProfiles.Load("psam"));
        var (cardId, algorithm) = await SelectAndIdentifyAsync(card);
        var random = Convert.FromHexString("A1A2A3A4A5A6A7A8");

        var answer = await card.SendAsync(new CommandApdu(0x00, 0x88, 0x00, CardKeyIds.InternalAuth, (byte[])[.. cardId[8..], .. random], 256));
        await psam.SendAsync(EnvironmentFor(algorithm));
        await psam.SendAsync(new CommandApdu(0x80, 0x1A, (byte)IssuerKeyUsage.InternalAuth, 0x01, Factors(cardId)));
        var expected = await psam.SendAsync(new CommandApdu(0x80, 0xFA, 0x00, 0x00, random, 256));

        Assert.Equal(genuine, answer.Data.Span.SequenceEqual(expected.Data.Span));
    }

    private static async Task<ResponseApdu> ExternalAuthenticateThroughPsamAsync(CardUnderTest card, CardUnderTest psam)
    {
        var (cardId, algorithm) = await SelectAndIdentifyAsync(card);
        var challenge = (await card.SendAsync("0084000008")).Data;

        (await psam.SendAsync(EnvironmentFor(algorithm))).HasStatus(0x9000);
        (await psam.SendAsync(new CommandApdu(0x80, 0x1A, (byte)IssuerKeyUsage.Rkssse, 0x01, Factors(cardId)))).HasStatus(0x9000);
        var cryptogram = await psam.SendAsync(new CommandApdu(0x80, 0xFA, 0x00, 0x00, challenge, 256));

        return await card.SendAsync(new CommandApdu(0x00, 0x82, 0x00, CardKeyIds.Rkssse, cryptogram.Data));
    }

    private static async Task<(byte[] CardId, byte Algorithm)> SelectAndIdentifyAsync(CardUnderTest card)
    {
        var fci = BerTlv.ParseSingle((await card.SendAsync(CardUnderTest.SelectSsse)).Data);
        var algorithm = BerTlv.ParseAll(fci.Find(0x9F0C)!.Value).Single().Value.Span[0];
        var cardId = BerTlv.ParseSingle((await card.SendAsync("00B2012C00")).Data).Value.ToArray();
        return (cardId, algorithm);
    }

    private static string EnvironmentFor(byte algorithm) => algorithm == 0x03 ? SelectSm : SelectDes;

    // The terminal builds the factors from what it read: ASCII hex of the region + "sx", then serial ‖ auth code.
    private static byte[] Factors(byte[] cardId) =>
        [.. System.Text.Encoding.ASCII.GetBytes(Convert.ToHexString(cardId[..3]) + "sx"), .. cardId[8..]];
}
