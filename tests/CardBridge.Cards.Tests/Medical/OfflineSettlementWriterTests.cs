using CardBridge.Cards.Medical;
using CardBridge.Cards.Tests.Transit;
using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Cards.Tests.Medical;

public sealed class OfflineSettlementWriterTests
{
    public static TheoryData<string> Generations => ["3.00", "2.00"];

    private static MedicalTestBench Bench(string generation) =>
        new(generation == "3.00" ? SimCard.ThirdGen() : SimCard.SecondGen());

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task AppendAsync_debits_the_purse_appends_the_detail_record_and_accumulates_EF06(string generation)
    {
        var bench = Bench(generation);
        var writer = bench.Writer();

        var first = await writer.AppendAsync(bench.Key, MedicalTestBench.Settlement(1500, 300, 2200), CancellationToken.None);
        var second = await writer.AppendAsync(bench.Key, MedicalTestBench.Settlement(100, 0, 0), CancellationToken.None);
        var snapshot = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(((ushort)3, (ushort)4), (first.Record.Sequence, second.Record.Sequence));
        Assert.Equal([second.Record, first.Record], snapshot.Transactions.Take(2));
        Assert.Equal(MedicalTransactionType.OfflineSettlement, snapshot.Transactions[0].Type);
        Assert.Equal(new OfflineSettlementState(true, 4100, 2), snapshot.Offline);
        Assert.Equal(OfflineLogState.Consistent, snapshot.Log);
        Assert.Equal((48_500u, 48_400u), (first.BalanceAfterFen, second.BalanceAfterFen));
        Assert.Equal(((ushort)1, (ushort)2), (first.CardTransactionCounter, second.CardTransactionCounter));
        Assert.Equal(48_400u, bench.Card.MedicalPurse.BalanceFen);
    }

    [Fact]
    public async Task Offline_settlements_go_on_after_the_cyclic_detail_file_has_wrapped()
    {
        var bench = Bench("3.00");
        var writer = bench.Writer();

        for (var i = 0; i < 40; i++)
        {
            await writer.AppendAsync(bench.Key, MedicalTestBench.Settlement(100, 0, 0), CancellationToken.None);
        }
        var snapshot = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(new OfflineSettlementState(true, 4_000, 40), snapshot.Offline);
        Assert.All(snapshot.Transactions, t => Assert.Equal(MedicalTransactionType.OfflineSettlement, t.Type));
        Assert.Equal(OfflineLogState.Consistent, snapshot.Log);
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task The_TAC_verifies_under_the_cards_TAC_key_for_the_recorded_split(string generation)
    {
        var bench = Bench(generation);

        var write = await bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(1500, 300, 2200), CancellationToken.None);

        var terminal = Convert.FromHexString("999900000001");
        var time = Convert.FromHexString("20250302143005");
        Assert.Equal(bench.Card.MedicalPurse.ExpectedTac(1500, 300, 2200, terminal, write.TerminalSequence, time), write.Tac.ToArray());
        Assert.NotEqual(bench.Card.MedicalPurse.ExpectedTac(1500, 0, 2500, terminal, write.TerminalSequence, time), write.Tac.ToArray());
    }

    [Fact]
    public async Task GetBalanceAsync_reads_the_purse_before_and_after_a_settlement()
    {
        var bench = new MedicalTestBench();
        var purse = new MedicalPurse(bench.Channel);

        var before = await purse.GetBalanceAsync(CancellationToken.None);
        await bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(1500, 300, 2200), CancellationToken.None);
        var after = await purse.GetBalanceAsync(CancellationToken.None);

        Assert.Equal((50_000u, 48_500u), (before, after));
    }

    [Fact]
    public async Task The_purse_purchase_goes_before_the_secure_EF06_commit()
    {
        var bench = new MedicalTestBench();
        var psam = new ObservedChannel(bench.PsamChannel);

        await bench.Writer(psam: psam).AppendAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None);

        var writes = bench.Channel.Commands.SkipWhile(c => c.Ins != 0x28).Select(c => ((int)c.Cla, (int)c.Ins, (int)c.P1, (int)c.P2));
        Assert.Equal(
            [(0xB0, 0x28, 0x01, 0x01), (0xB0, 0x2C, 0x01, 0x00), (0x00, 0x84, 0x00, 0x00), (0x04, 0xDC, 0x02, 0x34), (0x00, 0x84, 0x00, 0x00), (0x04, 0xDC, 0x03, 0x34)],
            writes);
        Assert.Equal([(0x80, 0x70, 0x01, 0x00), (0x80, 0x72, 0x00, 0x00)],
            psam.Sent.Where(c => c.Ins is 0x70 or 0x72).Select(c => ((int)c.Cla, (int)c.Ins, (int)c.P1, (int)c.P2)));
        Assert.Equal(0x13, bench.Channel.Commands.Single(c => c.Ins == 0x28).Data.Length);
    }

    [Fact]
    public async Task AppendAsync_on_a_card_with_two_details_takes_16_card_APDUs()
    {
        var bench = new MedicalTestBench();

        await bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None);

        // SELECT, EF05 ×2, VERIFY, EF06 ×3, EF08 ×2 + the 6A83 end, INITIALIZE, DEBIT, then 2 × (GET CHALLENGE, write).
        Assert.Equal(16, bench.Channel.Commands.Count);
    }

    [Fact]
    public async Task A_wrong_MAC1_is_refused_by_the_card_and_nothing_is_written()
    {
        var bench = new MedicalTestBench();
        var psam = new ObservedChannel(bench.PsamChannel)
        {
            Alter = (command, response) =>
            {
                if (command.Ins != 0x70)
                {
                    return response;
                }
                var data = response.Data.ToArray();
                data[^1] ^= 0x01;
                return response with { Data = data };
            },
        };

        var error = await Assert.ThrowsAsync<global::CardBridge.Cards.Transit.PurseMacException>(
            () => bench.Writer(psam: psam).AppendAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None));
        var snapshot = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.False(error.DebitMayHaveHappened);
        Assert.Equal(2, snapshot.Transactions.Count);
        Assert.Equal(new OfflineSettlementState(true, 0, 0), snapshot.Offline);
        Assert.Equal(50_000u, bench.Card.MedicalPurse.BalanceFen);
        Assert.DoesNotContain(bench.Channel.Commands, c => c.Cla == 0x04);
    }

    [Fact]
    public async Task A_MAC1_for_another_cards_key_is_refused()
    {
        var bench = new MedicalTestBench();
        var otherCard = new global::CardBridge.Cards.Authentication.CardKeyContext(SimCard.ThirdGen().WithRegion("990002").Build().CardIdentificationCode, CardAlgorithm.Sm4);

        var error = await Assert.ThrowsAsync<global::CardBridge.Cards.Transit.PurseMacException>(
            () => bench.Writer().AppendAsync(otherCard, MedicalTestBench.Settlement(), CancellationToken.None));

        Assert.False(error.DebitMayHaveHappened);
        Assert.Equal(0u, bench.Card.MedicalPurse.OfflineCounter);
    }

    [Fact]
    public async Task A_forged_cards_purse_refuses_the_genuine_PSAMs_MAC1()
    {
        var bench = new MedicalTestBench(SimCard.ThirdGen().Forged());

        var error = await Assert.ThrowsAsync<global::CardBridge.Cards.Transit.PurseMacException>(
            () => bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None));

        Assert.False(error.DebitMayHaveHappened);
        Assert.Equal(50_000u, bench.Card.MedicalPurse.BalanceFen);
    }

    [Fact]
    public async Task A_terminal_id_other_than_the_PSAMs_fails_MAC1()
    {
        var bench = new MedicalTestBench();
        var settlement = MedicalTestBench.Settlement() with { TerminalId = "999900000002" };

        await Assert.ThrowsAsync<global::CardBridge.Cards.Transit.PurseMacException>(
            () => bench.Writer().AppendAsync(bench.Key, settlement, CancellationToken.None));

        Assert.Equal(50_000u, bench.Card.MedicalPurse.BalanceFen);
    }

    [Fact]
    public async Task A_short_purse_is_refused_as_insufficient_funds_and_nothing_is_written()
    {
        var bench = new MedicalTestBench();

        var error = await Assert.ThrowsAsync<OfflineSettlementRefusedException>(
            () => bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(50_001, 0, 0), CancellationToken.None));
        var snapshot = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(OfflineRefusal.InsufficientFunds, error.Reason);
        Assert.Equal(OfflineLogState.Consistent, error.Log);
        Assert.Equal(2, snapshot.Transactions.Count);
        Assert.Equal(new OfflineSettlementState(true, 0, 0), snapshot.Offline);
        Assert.DoesNotContain(bench.Channel.Commands, c => c.Ins == 0x2C || c.Cla == 0x04);
    }

    [Fact]
    public async Task A_settlement_without_an_account_share_records_the_split_and_leaves_the_balance()
    {
        var bench = new MedicalTestBench();

        var write = await bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(0, 300, 2200), CancellationToken.None);
        var snapshot = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(write.Record, snapshot.Transactions[0]);
        Assert.Equal((0u, 300u, 2200u), (snapshot.Transactions[0].AccountFen, snapshot.Transactions[0].SelfPayFen, snapshot.Transactions[0].PooledFen));
        Assert.Equal(50_000u, write.BalanceAfterFen);
        Assert.Equal(new OfflineSettlementState(true, 2500, 1), snapshot.Offline);
    }

    [Fact]
    public async Task A_wrong_EF06_MAC_after_the_debit_is_a_torn_settlement_carrying_the_TAC()
    {
        var bench = new MedicalTestBench();
        var tampered = new MacInterceptor(bench.PsamMac, input => MacInterceptor.IsEf06Update(input, 2), corrupt: true);

        var error = await Assert.ThrowsAsync<OfflineSettlementTornException>(
            () => bench.Writer(tampered).AppendAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None));
        var snapshot = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(0x9302, Assert.IsType<CardCommandException>(error.InnerException).StatusWord.Value);
        Assert.Equal(4, error.Write.Tac.Length);
        Assert.Equal(OfflineLogState.Torn(OfflineLogParts.CumulativeAmount | OfflineLogParts.Count, error.Write.Record), snapshot.Log);
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

    [Theory]
    [InlineData("99990000001")]
    [InlineData("99990000000A")]
    public async Task A_terminal_id_that_is_not_12_digits_is_rejected_before_touching_the_card(string terminalId)
    {
        var bench = new MedicalTestBench();

        await Assert.ThrowsAsync<ArgumentException>(
            () => bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement() with { TerminalId = terminalId }, CancellationToken.None));

        Assert.Empty(bench.Channel.Commands);
    }
}

public sealed class PsamSecureMessagingMacTests
{
    [Fact]
    public async Task A_PSAM_without_the_cards_environment_is_AuthenticationUnavailable()
    {
        var bench = new MedicalTestBench();
        var psam = new CardChannel(new CardBridge.Simulation.Transport.SimulatedCardTransport(
            SimCard.Psam().WithoutEnvironment(CardBridge.Simulation.Psam.PsamEnvironment.Sm).Build()));

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
