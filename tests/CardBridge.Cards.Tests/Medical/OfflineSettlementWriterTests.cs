using CardBridge.Cards.Medical;
using CardBridge.Crypto;
using CardBridge.HardwareSim.Profiles;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Tests.Medical;

public sealed class OfflineSettlementWriterTests
{
    public static TheoryData<string> Generations => ["3.00", "2.00"];

    private static MedicalTestBench Bench(string generation) =>
        new(generation == "3.00" ? SimCard.ThirdGen() : SimCard.SecondGen());

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task AppendAsync_writes_the_detail_record_and_accumulates_EF06_with_PSAM_MACs(string generation)
    {
        var bench = Bench(generation);
        var writer = bench.Writer();

        var first = await writer.AppendAsync(bench.Key, MedicalTestBench.Settlement(1500, 300, 2200), CancellationToken.None);
        var second = await writer.AppendAsync(bench.Key, MedicalTestBench.Settlement(100, 0, 0), CancellationToken.None);
        var snapshot = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(((ushort)3, (ushort)4), (first.Sequence, second.Sequence));
        Assert.Equal([second, first], snapshot.Transactions.Take(2));
        Assert.Equal(MedicalTransactionType.OfflineSettlement, snapshot.Transactions[0].Type);
        Assert.Equal(new OfflineSettlementState(true, 4100, 2), snapshot.Offline);
        Assert.Equal(OfflineLogState.Consistent, snapshot.Log);
    }

    [Fact]
    public async Task Each_secure_write_uses_a_fresh_challenge_and_CLA_04()
    {
        var bench = new MedicalTestBench();

        await bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None);

        var writes = bench.Channel.Commands.SkipWhile(c => c.Ins != 0x84).Select(c => (c.Cla, c.Ins, c.P1, c.P2)).ToList();
        Assert.Equal(
            [(0x00, 0x84, 0x00, 0x00), (0x04, 0xE2, 0x00, 0x40), (0x00, 0x84, 0x00, 0x00), (0x04, 0xDC, 0x02, 0x34), (0x00, 0x84, 0x00, 0x00), (0x04, 0xDC, 0x03, 0x34)],
            writes.Select(w => ((int)w.Cla, (int)w.Ins, (int)w.P1, (int)w.P2)));
    }

    [Fact]
    public async Task AppendAsync_on_a_card_with_two_details_takes_16_card_APDUs()
    {
        var bench = new MedicalTestBench();

        await bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None);

        // SELECT, EF05 ×2, VERIFY, EF06 ×3, EF08 ×2 + the 6A83 end, then 3 × (GET CHALLENGE, write).
        Assert.Equal(16, bench.Channel.Commands.Count);
    }

    [Fact]
    public async Task A_wrong_MAC_is_refused_with_9302_and_nothing_is_written()
    {
        var bench = new MedicalTestBench();
        var tampered = new MacInterceptor(bench.PsamMac, MacInterceptor.IsEf08Append, corrupt: true);

        var error = await Assert.ThrowsAsync<CardCommandException>(
            () => bench.Writer(tampered).AppendAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None));
        var snapshot = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(0x9302, error.StatusWord.Value);
        Assert.Equal(2, snapshot.Transactions.Count);
        Assert.Equal(new OfflineSettlementState(true, 0, 0), snapshot.Offline);
    }

    [Fact]
    public async Task A_MAC_from_another_cards_key_is_refused()
    {
        var bench = new MedicalTestBench();
        var otherCard = new global::CardBridge.Cards.Authentication.CardKeyContext(SimCard.ThirdGen().WithRegion("990002").Build().CardIdentificationCode, CardAlgorithm.Sm4);

        var error = await Assert.ThrowsAsync<CardCommandException>(
            () => bench.Writer().AppendAsync(otherCard, MedicalTestBench.Settlement(), CancellationToken.None));

        Assert.Equal(0x9302, error.StatusWord.Value);
    }

    [Fact]
    public async Task A_secure_write_without_a_challenge_is_refused_with_6982()
    {
        var bench = new MedicalTestBench();
        await bench.Records().ReadAsync(CancellationToken.None);
        var macInput = (byte[])[0x04, 0xDC, 0x03, 0x34, 0x07, 0x93, 0x01, 0x01];
        var mac = await bench.PsamMac.ComputeAsync(bench.Key, new byte[8], macInput, CancellationToken.None);

        var response = await bench.Channel.TransmitAsync(
            new CommandApdu(0x04, 0xDC, 0x03, 0x34, (byte[])[0x93, 0x01, 0x01, .. mac.Span]), CancellationToken.None);

        Assert.Equal(0x6982, response.StatusWord.Value);
    }

    [Fact]
    public async Task A_challenge_serves_one_write_only()
    {
        var bench = new MedicalTestBench();
        await bench.Records().ReadAsync(CancellationToken.None);
        var challenge = (await bench.Channel.TransmitAsync(new CommandApdu(0x00, 0x84, 0x00, 0x00, default, 8), CancellationToken.None)).Data;
        var macInput = (byte[])[0x04, 0xDC, 0x03, 0x34, 0x07, 0x93, 0x01, 0x00];
        var mac = await bench.PsamMac.ComputeAsync(bench.Key, challenge, macInput, CancellationToken.None);
        var write = new CommandApdu(0x04, 0xDC, 0x03, 0x34, (byte[])[0x93, 0x01, 0x00, .. mac.Span]);

        var first = await bench.Channel.TransmitAsync(write, CancellationToken.None);
        var replay = await bench.Channel.TransmitAsync(write, CancellationToken.None);

        Assert.Equal((0x9000, 0x6982), (first.StatusWord.Value, replay.StatusWord.Value));
    }

    [Fact]
    public async Task Secure_writes_outside_EF06_and_EF08_are_refused()
    {
        var bench = new MedicalTestBench();
        await bench.Records().ReadAsync(CancellationToken.None);
        var challenge = (await bench.Channel.TransmitAsync(new CommandApdu(0x00, 0x84, 0x00, 0x00, default, 8), CancellationToken.None)).Data;
        var macInput = (byte[])[0x04, 0xDC, 0x01, 0x2C, 0x07, 0x81, 0x03, 0x39];
        var mac = await bench.PsamMac.ComputeAsync(bench.Key, challenge, macInput, CancellationToken.None);

        var response = await bench.Channel.TransmitAsync(
            new CommandApdu(0x04, 0xDC, 0x01, 0x2C, (byte[])[0x81, 0x03, 0x39, .. mac.Span]), CancellationToken.None);

        Assert.Equal(0x6A82, response.StatusWord.Value);
    }

    [Fact]
    public async Task Offline_settlement_is_refused_when_EF06_forbids_it()
    {
        var bench = new MedicalTestBench(SimCard.ThirdGen().WithOfflineSettlement(false, 0, 0));

        var error = await Assert.ThrowsAsync<OfflineSettlementRefusedException>(
            () => bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None));

        Assert.Equal(OfflineRefusal.NotAllowed, error.Reason);
        Assert.DoesNotContain(bench.Channel.Commands, c => c.Cla == 0x04);
    }

    [Fact]
    public async Task Offline_settlement_is_refused_on_an_inconsistent_log()
    {
        var bench = new MedicalTestBench(SimCard.ThirdGen().WithOfflineSettlement(true, 500, 2));

        var error = await Assert.ThrowsAsync<OfflineSettlementRefusedException>(
            () => bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None));

        Assert.Equal(OfflineRefusal.LogInconsistent, error.Reason);
    }

    [Fact]
    public async Task A_zero_amount_settlement_is_rejected_before_touching_the_card()
    {
        var bench = new MedicalTestBench();

        await Assert.ThrowsAsync<ArgumentException>(
            () => bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(0, 0, 0), CancellationToken.None));

        Assert.Empty(bench.Channel.Commands);
    }
}

public sealed class PsamSecureMessagingMacTests
{
    [Fact]
    public async Task A_PSAM_without_the_cards_environment_is_AuthenticationUnavailable()
    {
        var bench = new MedicalTestBench();
        var psam = new CardChannel(new CardBridge.HardwareSim.Transport.SimulatedCardTransport(
            SimCard.Psam().WithoutEnvironment(CardBridge.HardwareSim.Psam.PsamEnvironment.Sm).Build()));

        await Assert.ThrowsAsync<global::CardBridge.Cards.Authentication.AuthenticationUnavailableException>(
            () => new PsamSecureMessagingMac(psam).ComputeAsync(bench.Key, new byte[8], new byte[] { 0x04, 0xDC, 0x03, 0x34, 0x07 }, CancellationToken.None));
    }

    [Fact]
    public async Task A_PSAM_key_index_it_does_not_hold_is_AuthenticationUnavailable()
    {
        var bench = new MedicalTestBench();

        await Assert.ThrowsAsync<global::CardBridge.Cards.Authentication.AuthenticationUnavailableException>(
            () => new PsamSecureMessagingMac(bench.PsamChannel, keyIndex: 0x09).ComputeAsync(bench.Key, new byte[8], new byte[] { 0x04, 0xDC, 0x03, 0x34, 0x07 }, CancellationToken.None));
    }
}
