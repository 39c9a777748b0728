using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Keys;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Tests.SocialSecurity;

public sealed class AuthenticationTests
{
    private const string Region = "990001";
    private const string SerialAndAuth = "000000015A3C19E2";

    [Fact]
    public async Task Get_challenge_draws_from_the_injected_random()
    {
        var expected = new byte[8];
        new Random(7).NextBytes(expected);
        var card = new CardUnderTest(SimCard.ThirdGen().WithRandom(new Random(7)).Build());

        var challenge = await card.SendAsync("0084000008");

        challenge.HasStatus(0x9000);
        Assert.Equal(expected, challenge.Data.ToArray());
    }

    [Theory]
    [InlineData("0084000004", 0x9000)]
    [InlineData("0084000010", 0x6C08)]
    [InlineData("00840000", 0x6700)]
    [InlineData("0084010008", 0x6A86)]
    public void Get_challenge_accepts_4_or_8_bytes(string apdu, int statusWord)
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());

        card.Raw(apdu).HasStatus((ushort)statusWord);
    }

    [Theory]
    [InlineData(CardAlgorithm.Sm4, 16)]
    [InlineData(CardAlgorithm.Des3, 8)]
    public async Task External_authenticate_accepts_the_cryptogram_of_the_diversified_RKSSSE(CardAlgorithm algorithm, int length)
    {
        var builder = algorithm == CardAlgorithm.Sm4 ? SimCard.ThirdGen() : SimCard.SecondGen();
        var card = new CardUnderTest(builder.Build());
        await card.SendAsync(CardUnderTest.SelectSsse);
        var challenge = (await card.SendAsync("0084000008")).Data.ToArray();

        var key = KeyMaterial.CardKey(algorithm, IssuerKeyUsage.Rkssse, Region, SerialAndAuth);
        var cryptogram = KeyMaterial.Encipher(algorithm, key, challenge);
        var response = await card.SendAsync(new CommandApdu(0x00, 0x82, 0x00, 0x0A, cryptogram));

        Assert.Equal(length, cryptogram.Length);
        response.HasStatus(0x9000);
    }

    [Fact]
    public async Task External_authenticate_with_a_wrong_cryptogram_answers_6300_and_consumes_the_challenge()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);
        var challenge = (await card.SendAsync("0084000008")).Data.ToArray();
        var key = KeyMaterial.CardKey(CardAlgorithm.Sm4, IssuerKeyUsage.Rkssse, Region, SerialAndAuth);
        var right = KeyMaterial.Encipher(CardAlgorithm.Sm4, key, challenge);

        var wrong = await card.SendAsync(new CommandApdu(0x00, 0x82, 0x00, 0x0A, new byte[16]));
        var late = await card.SendAsync(new CommandApdu(0x00, 0x82, 0x00, 0x0A, right));

        wrong.HasStatus(0x6300);
        late.HasStatus(0x6984);
    }

    [Fact]
    public async Task External_authenticate_without_a_challenge_answers_6984()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        (await card.SendAsync(new CommandApdu(0x00, 0x82, 0x00, 0x0A, new byte[16]))).HasStatus(0x6984);
    }

    [Fact]
    public async Task External_authenticate_key_blocks_after_five_failures()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);
        for (var i = 0; i < 5; i++)
        {
            await card.SendAsync("0084000008");
            (await card.SendAsync(new CommandApdu(0x00, 0x82, 0x00, 0x0A, new byte[16]))).HasStatus(0x6300);
        }
        var challenge = (await card.SendAsync("0084000008")).Data.ToArray();
        var key = KeyMaterial.CardKey(CardAlgorithm.Sm4, IssuerKeyUsage.Rkssse, Region, SerialAndAuth);

        var response = await card.SendAsync(new CommandApdu(0x00, 0x82, 0x00, 0x0A, KeyMaterial.Encipher(CardAlgorithm.Sm4, key, challenge)));

        response.HasStatus(0x6983);
    }

    [Theory]
    [InlineData(0x0B, 0x6A88)]
    [InlineData(0x00, 0x6A88)]
    public async Task External_authenticate_with_an_unknown_key_answers_6A88(int keyId, int statusWord)
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);
        await card.SendAsync("0084000008");

        (await card.SendAsync(new CommandApdu(0x00, 0x82, 0x00, (byte)keyId, new byte[16]))).HasStatus((ushort)statusWord);
    }

    [Fact]
    public async Task External_authenticate_with_a_cryptogram_of_the_wrong_length_answers_6700()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);
        await card.SendAsync("0084000008");

        (await card.SendAsync(new CommandApdu(0x00, 0x82, 0x00, 0x0A, new byte[8]))).HasStatus(0x6700);
    }

    [Fact]
    public async Task External_authenticate_outside_SSSE_cannot_reach_RKSSSE()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync("0084000008");

        (await card.SendAsync(new CommandApdu(0x00, 0x82, 0x00, 0x0A, new byte[16]))).HasStatus(0x6A88);
    }

    [Theory]
    [InlineData(CardAlgorithm.Sm4, 16)]
    [InlineData(CardAlgorithm.Des3, 8)]
    public async Task Internal_authenticate_encrypts_the_random_with_the_diversified_internal_key(CardAlgorithm algorithm, int length)
    {
        var builder = algorithm == CardAlgorithm.Sm4 ? SimCard.ThirdGen() : SimCard.SecondGen();
        var card = new CardUnderTest(builder.Build());
        await card.SendAsync(CardUnderTest.SelectSsse);
        var random = Convert.FromHexString("0102030405060708");
        var input = (byte[])[.. "990001sx"u8, .. random];

        var response = await card.SendAsync(new CommandApdu(0x00, 0x88, 0x00, 0x00, input, 256));

        response.HasStatus(0x9000);
        var key = KeyMaterial.CardKey(algorithm, IssuerKeyUsage.InternalAuth, Region, SerialAndAuth);
        Assert.Equal(length, response.Data.Length);
        Assert.Equal(KeyMaterial.Encipher(algorithm, key, random), response.Data.ToArray());
    }

    [Fact]
    public async Task Internal_authenticate_of_a_forged_card_does_not_match_the_genuine_key()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Forged().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);
        var random = Convert.FromHexString("0102030405060708");

        var response = await card.SendAsync(new CommandApdu(0x00, 0x88, 0x00, 0x00, (byte[])[.. new byte[8], .. random], 256));

        var genuine = KeyMaterial.CardKey(CardAlgorithm.Sm4, IssuerKeyUsage.InternalAuth, Region, SerialAndAuth);
        var forger = KeyMaterial.CardKey(CardAlgorithm.Sm4, IssuerKeyUsage.InternalAuth, Region, SerialAndAuth, IssuerKeyFile.ForgerSet);
        Assert.NotEqual(KeyMaterial.Encipher(CardAlgorithm.Sm4, genuine, random), response.Data.ToArray());
        Assert.Equal(KeyMaterial.Encipher(CardAlgorithm.Sm4, forger, random), response.Data.ToArray());
    }

    [Theory]
    [InlineData("00880000080102030405060708", 0x6700)]
    [InlineData("0088010010" + "00000000000000000102030405060708", 0x6A86)]
    [InlineData("0088000A10" + "00000000000000000102030405060708", 0x6A88)]
    public async Task Internal_authenticate_rejects_bad_commands(string apdu, int statusWord)
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        (await card.SendAsync(apdu)).HasStatus((ushort)statusWord);
    }

    [Fact]
    public async Task Internal_authenticate_on_T0_answers_61xx_first()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().WithT0GetResponse().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        card.Raw("008800001000000000000000000102030405060708").HasStatus(0x6110);
    }
}
