using System.Buffers.Binary;
using CardBridge.Iso7816;
using CardBridge.Simulation.Keys;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Psam;
using CardBridge.Simulation.SocialSecurity;
using CardBridge.Simulation.Transit;

namespace CardBridge.Simulation.Tests.SocialSecurity;

public sealed class MedicalPurseTests
{
    private const string VerifyPin = "0020000003123456";
    private const string GetBalance = "B05C000204";
    private static readonly byte[] Terminal = Convert.FromHexString("999900000001");
    private static readonly byte[] Time = Convert.FromHexString("20250302143005");

    private sealed class Bench
    {
        public Bench(SimulatedPsam? psam = null)
        {
            Sim = SimCard.ThirdGen().Build();
            Card = new CardUnderTest(Sim);
            Psam = new CardUnderTest(psam ?? SimCard.Psam().Build());
        }

        public SimulatedSocialSecurityCard Sim { get; }

        public CardUnderTest Card { get; }

        public CardUnderTest Psam { get; }

        public async Task OpenAsync()
        {
            (await Card.SendAsync(CardUnderTest.SelectMedical)).HasStatus(0x9000);
            (await Card.SendAsync(VerifyPin)).HasStatus(0x9000);
        }

        public Task<ResponseApdu> InitializeAsync(uint amount, uint selfPay = 0, uint pooled = 0) =>
            Card.SendAsync(new CommandApdu(0xB0, 0x28, 0x01, 0x01,
                (byte[])[0x01, .. PurseScheme.Be32(amount), .. Terminal, .. MedicalPurseScheme.Split(selfPay, pooled)], 0x0F));

        // PSAM 80 70 01 00 2C over the card's INITIALIZE answer.
        public Task<ResponseApdu> Mac1Async(ResponseApdu init, uint amount, uint selfPay = 0, uint pooled = 0)
        {
            var answer = init.Data.Span;
            return Psam.SendAsync(new CommandApdu(0x80, 0x70, 0x01, 0x00,
                (byte[])[.. answer[11..15], .. answer[4..6], .. PurseScheme.Be32(amount), PurseScheme.PurchaseType, .. Time, answer[9], answer[10],
                    .. Sim.CardIdentificationCode.Span, .. MedicalPurseScheme.Split(selfPay, pooled)], 8));
        }

        public Task<ResponseApdu> DebitAsync(ResponseApdu mac1) =>
            Card.SendAsync(new CommandApdu(0xB0, 0x2C, 0x01, 0x00, (byte[])[.. mac1.Data.Span[..4], .. Time, .. mac1.Data.Span[4..8]], 8));

        public async Task<(ResponseApdu Mac1, ResponseApdu Debit)> PurchaseAsync(uint amount, uint selfPay, uint pooled)
        {
            var init = await InitializeAsync(amount, selfPay, pooled);
            init.HasStatus(0x9000);
            var mac1 = await Mac1Async(init, amount, selfPay, pooled);
            mac1.HasStatus(0x9000);
            return (mac1, await DebitAsync(mac1));
        }
    }

    [Fact]
    public async Task Get_balance_answers_the_opening_balance_without_a_PIN()
    {
        var bench = new Bench();
        await bench.Card.SendAsync(CardUnderTest.SelectMedical);

        var balance = await bench.Card.SendAsync(GetBalance);

        balance.HasStatus(0x9000);
        Assert.Equal(MedicalData.DefaultPurseBalanceFen, BinaryPrimitives.ReadUInt32BigEndian(balance.Data.Span));
    }

    [Fact]
    public async Task Initialize_answers_balance_counter_overdraft_key_version_algorithm_and_random()
    {
        var bench = new Bench();
        await bench.OpenAsync();

        var init = await bench.InitializeAsync(1500, 300, 2200);

        init.HasStatus(0x9000);
        Assert.Equal(15, init.Data.Length);
        Assert.Equal("0000C350" + "0000" + "000000" + "01" + "04", CardUnderTest.Hex(init.Data[..11]));
    }

    [Fact]
    public async Task A_purchase_debits_the_purse_appends_EF08_and_gives_a_TAC_and_a_MAC2_the_PSAM_accepts()
    {
        var bench = new Bench();
        await bench.OpenAsync();

        var (mac1, debit) = await bench.PurchaseAsync(1500, 300, 2200);
        var mac2 = await bench.Psam.SendAsync(new CommandApdu(0x80, 0x72, 0x00, 0x00, debit.Data[4..8]));
        var record = await bench.Card.SendAsync("00B2014400");
        var balance = await bench.Card.SendAsync(GetBalance);

        debit.HasStatus(0x9000);
        mac2.HasStatus(0x9000);
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(mac1.Data.Span);
        Assert.Equal(bench.Sim.MedicalPurse.ExpectedTac(1500, 300, 2200, Terminal, sequence, Time), debit.Data[..4].ToArray());
        Assert.Equal("0003" + "33" + "999900000001" + "20250302143005" + "000005DC" + "0000012C" + "00000898", CardUnderTest.Hex(record.Data));
        Assert.Equal(48_500u, BinaryPrimitives.ReadUInt32BigEndian(balance.Data.Span));
        Assert.Equal(1, bench.Sim.MedicalPurse.OfflineCounter);
    }

    [Fact]
    public async Task Standard_initialize_without_the_split_records_zero_self_pay_and_pooled()
    {
        var bench = new Bench();
        await bench.OpenAsync();

        var init = await bench.Card.SendAsync(new CommandApdu(0xB0, 0x28, 0x01, 0x01, (byte[])[0x01, .. PurseScheme.Be32(700), .. Terminal], 0x0F));
        var debit = await bench.DebitAsync(await bench.Mac1Async(init, 700));
        var record = await bench.Card.SendAsync("00B2014400");

        debit.HasStatus(0x9000);
        Assert.Equal("000002BC" + "00000000" + "00000000", CardUnderTest.Hex(record.Data[16..]));
    }

    [Fact]
    public async Task A_wrong_MAC1_answers_9302_changes_nothing_and_ends_the_purchase()
    {
        var bench = new Bench();
        await bench.OpenAsync();
        var init = await bench.InitializeAsync(1500, 300, 2200);
        var mac1 = (await bench.Mac1Async(init, 1500, 300, 2200)).Data.ToArray();
        mac1[^1] ^= 0x01;

        var wrong = await bench.Card.SendAsync(new CommandApdu(0xB0, 0x2C, 0x01, 0x00, (byte[])[.. mac1[..4], .. Time, .. mac1[4..]], 8));
        var again = await bench.Card.SendAsync(new CommandApdu(0xB0, 0x2C, 0x01, 0x00, (byte[])[.. mac1[..4], .. Time, .. mac1[4..]], 8));

        wrong.HasStatus(0x9302);
        again.HasStatus(0x6985);
        Assert.Equal(MedicalData.DefaultPurseBalanceFen, bench.Sim.MedicalPurse.BalanceFen);
        Assert.Equal("0002", CardUnderTest.Hex((await bench.Card.SendAsync("00B2014400")).Data[..2]));
    }

    [Fact]
    public async Task MAC1_for_another_split_than_the_initialized_one_answers_9302()
    {
        var bench = new Bench();
        await bench.OpenAsync();
        var init = await bench.InitializeAsync(1500, 300, 2200);

        var debit = await bench.DebitAsync(await bench.Mac1Async(init, 1500, 2200, 300));

        debit.HasStatus(0x9302);
        Assert.Equal(0, bench.Sim.MedicalPurse.OfflineCounter);
    }

    [Fact]
    public async Task Initialize_above_the_balance_answers_9401()
    {
        var bench = new Bench();
        await bench.OpenAsync();

        (await bench.InitializeAsync(MedicalData.DefaultPurseBalanceFen + 1)).HasStatus(0x9401);
    }

    [Fact]
    public async Task Debit_without_initialize_answers_6985()
    {
        var bench = new Bench();
        await bench.OpenAsync();

        var debit = await bench.Card.SendAsync(new CommandApdu(0xB0, 0x2C, 0x01, 0x00, new byte[15], 8));

        debit.HasStatus(0x6985);
    }

    [Fact]
    public async Task Initialize_needs_the_holders_PIN()
    {
        var bench = new Bench();
        await bench.Card.SendAsync(CardUnderTest.SelectMedical);

        (await bench.InitializeAsync(100)).HasStatus(0x6982);
    }

    [Fact]
    public async Task A_reset_between_initialize_and_debit_ends_the_purchase()
    {
        var bench = new Bench();
        await bench.OpenAsync();
        var mac1 = await bench.Mac1Async(await bench.InitializeAsync(100), 100);

        bench.Sim.Reset();
        await bench.OpenAsync();

        (await bench.DebitAsync(mac1)).HasStatus(0x6985);
    }

    [Theory]
    [InlineData("B0280102130100000064999900000001000000000000000000", 0x6A86)]
    [InlineData("B0280101050100000064", 0x6700)]
    [InlineData("B0280101130200000064999900000001000000000000000000", 0x9403)]
    [InlineData("B02C01010F00000000000000000000000000000000", 0x6A86)]
    [InlineData("B02C01000E000000000000000000000000000000", 0x6700)]
    [InlineData("B05C000104", 0x6A86)]
    [InlineData("B0EE000000", 0x6D00)]
    public async Task Malformed_purse_commands_get_their_status_words(string apdu, int statusWord)
    {
        var bench = new Bench();
        await bench.OpenAsync();

        (await bench.Card.SendAsync(apdu)).HasStatus((ushort)statusWord);
    }

    [Fact]
    public async Task Purse_commands_outside_DF04_answer_6985()
    {
        var bench = new Bench();
        await bench.Card.SendAsync(CardUnderTest.SelectSsse);

        (await bench.Card.SendAsync(GetBalance)).HasStatus(0x6985);
    }

    [Fact]
    public async Task A_PSAM_without_the_medical_purse_key_of_the_cards_key_version_answers_9403_to_its_MAC1()
    {
        var psam = new SimulatedPsam(new PsamProfile { Name = "keys-at-index-2", TerminalNumber = "999900000001", KeyIndex = 0x02 },
            IssuerKeyFile.LoadDefault());
        var bench = new Bench(psam);
        await bench.OpenAsync();

        var mac1 = await bench.Mac1Async(await bench.InitializeAsync(100), 100);

        mac1.HasStatus(0x9403);
    }

    [Fact]
    public async Task The_PSAM_refuses_a_wrong_MAC2_with_9302_and_one_without_a_MAC1_with_6985()
    {
        var bench = new Bench();
        var fresh = await bench.Psam.SendAsync("807200000400000000");
        await bench.OpenAsync();
        var (_, debit) = await bench.PurchaseAsync(100, 0, 0);
        var tampered = debit.Data[4..8].ToArray();
        tampered[0] ^= 0x01;

        var wrong = await bench.Psam.SendAsync(new CommandApdu(0x80, 0x72, 0x00, 0x00, tampered));

        fresh.HasStatus(0x6985);
        wrong.HasStatus(0x9302);
    }

    [Fact]
    public async Task The_PSAM_counts_one_terminal_sequence_for_the_medical_and_the_transit_purse()
    {
        var bench = new Bench();
        await bench.OpenAsync();
        var medical = await bench.Mac1Async(await bench.InitializeAsync(100), 100);
        // Transit MAC1 80 70 00 00 1C: random4 ‖ counter2 ‖ amount4 ‖ 06 ‖ date-time7 ‖ key version 01 ‖ 3DES ‖ serial8.
        var transit = await bench.Psam.SendAsync(new CommandApdu(0x80, 0x70, 0x00, 0x00,
            (byte[])[0, 0, 0, 0, 0, 0, .. PurseScheme.Be32(100), PurseScheme.PurchaseType, .. Time, 0x01, 0x00, .. new byte[8]], 8));

        Assert.Equal((1u, 2u), (BinaryPrimitives.ReadUInt32BigEndian(medical.Data.Span), BinaryPrimitives.ReadUInt32BigEndian(transit.Data.Span)));
    }
}
