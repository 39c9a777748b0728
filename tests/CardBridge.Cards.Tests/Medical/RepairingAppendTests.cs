using CardBridge.Cards.Medical;
using CardBridge.Cards.Tests.Transit;
using CardBridge.Simulation.Profiles;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Tests.Medical;

/// <summary><see cref="OfflineSettlementWriter.AppendRepairingAsync"/>: the append a terminal uses, which leaves the card's log consistent.</summary>
public sealed class RepairingAppendTests
{
    private static MacInterceptor PullDuringEf06Update(MedicalTestBench bench, byte record) =>
        new(bench.PsamMac, input =>
        {
            if (MacInterceptor.IsEf06Update(input, record))
            {
                bench.Card.Faults.RemoveOnNextCommand = true;
            }
            return false;
        });

    [Fact]
    public async Task A_log_an_earlier_write_left_torn_is_completed_before_the_new_settlement()
    {
        var bench = new MedicalTestBench();
        await Assert.ThrowsAsync<OfflineSettlementTornException>(() =>
            bench.Writer(PullDuringEf06Update(bench, 3)).AppendAsync(bench.Key, MedicalTestBench.Settlement(100, 0, 0), CancellationToken.None));
        bench.Reinsert();

        var write = await bench.Writer().AppendRepairingAsync(bench.Key, MedicalTestBench.Settlement(1500, 300, 2200), CancellationToken.None);
        var snapshot = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(OfflineLogState.Consistent, snapshot.Log);
        Assert.Equal(new OfflineSettlementState(true, 4100, 2), snapshot.Offline);
        Assert.Equal(write.Record, snapshot.Transactions[0]);
    }

    [Fact]
    public async Task A_write_torn_by_a_pulled_card_returns_the_debit_and_the_cards_next_settlement_completes_it()
    {
        var bench = new MedicalTestBench();

        var torn = await bench.Writer(PullDuringEf06Update(bench, 2)).AppendRepairingAsync(bench.Key, MedicalTestBench.Settlement(1500, 300, 2200), CancellationToken.None);
        bench.Reinsert();
        var left = await bench.Records().ReadAsync(CancellationToken.None);
        await bench.Writer().AppendRepairingAsync(bench.Key, MedicalTestBench.Settlement(100, 0, 0), CancellationToken.None);
        var completed = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(4, torn.Tac.Length);
        Assert.Equal(OfflineLogState.Torn(OfflineLogParts.CumulativeAmount | OfflineLogParts.Count, torn.Record), left.Log);
        Assert.Equal(OfflineLogState.Consistent, completed.Log);
        Assert.Equal(new OfflineSettlementState(true, 4100, 2), completed.Offline);
    }

    [Fact]
    public async Task A_write_torn_with_the_card_still_there_is_completed_at_once()
    {
        var bench = new MedicalTestBench();
        var refusals = 0;
        var refusedOnce = new MacInterceptor(bench.PsamMac, input => MacInterceptor.IsEf06Update(input, 2) && refusals++ == 0, corrupt: true);

        var write = await bench.Writer(refusedOnce).AppendRepairingAsync(bench.Key, MedicalTestBench.Settlement(1500, 300, 2200), CancellationToken.None);
        var snapshot = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(OfflineLogState.Consistent, snapshot.Log);
        Assert.Equal(new OfflineSettlementState(true, 4000, 1), snapshot.Offline);
        Assert.Equal(write.Record, snapshot.Transactions[0]);
    }

    [Fact]
    public async Task A_card_that_leaves_as_its_DEBIT_completes_makes_the_write_uncertain()
    {
        var bench = new MedicalTestBench();
        bench.Card.Faults.RemoveAfterProcessing(0x2C);

        var error = await Assert.ThrowsAsync<OfflineSettlementUncertainException>(() =>
            bench.Writer().AppendRepairingAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None));

        Assert.IsType<CardRemovedException>(error.InnerException);
    }

    [Fact]
    public async Task A_MAC2_the_PSAM_refuses_makes_the_write_uncertain()
    {
        var bench = new MedicalTestBench();
        var psam = new ObservedChannel(bench.PsamChannel)
        {
            Alter = (command, response) => command.Ins == 0x72 ? new ResponseApdu(default, new StatusWord(0x93, 0x02)) : response,
        };

        var error = await Assert.ThrowsAsync<OfflineSettlementUncertainException>(() =>
            bench.Writer(psam: psam).AppendRepairingAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None));

        Assert.True(Assert.IsType<CardBridge.Cards.Transit.PurseMacException>(error.InnerException).DebitMayHaveHappened);
    }

    [Fact]
    public async Task A_card_that_forbids_offline_settlement_is_a_refusal_and_nothing_is_written()
    {
        var bench = new MedicalTestBench(SimCard.ThirdGen().WithOfflineSettlement(false, 0, 0));

        var error = await Assert.ThrowsAsync<OfflineSettlementRefusedException>(() =>
            bench.Writer().AppendRepairingAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None));

        Assert.Equal(OfflineRefusal.NotAllowed, error.Reason);
        Assert.DoesNotContain(bench.Channel.Commands, c => c.Cla == 0x04);
    }
}
