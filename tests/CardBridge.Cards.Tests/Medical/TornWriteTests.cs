using CardBridge.Cards.Medical;
using CardBridge.Cards.Tests.Transit;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Tests.Medical;

public sealed class TornWriteTests
{
    // Pulls the card right after the PSAM computed the MAC of the chosen EF06 write: the card never executes it, and
    // the writer reports the debit it completed as torn.
    private static async Task<(OfflineCardWrite Write, MedicalSnapshot Snapshot)> PullDuringAsync(
        MedicalTestBench bench, Func<ReadOnlyMemory<byte>, bool> write)
    {
        var puller = new MacInterceptor(bench.PsamMac, input =>
        {
            if (write(input))
            {
                bench.Card.Faults.RemoveOnNextCommand = true;
            }
            return false;
        });
        await bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(100, 0, 0), CancellationToken.None);
        var torn = await Assert.ThrowsAsync<OfflineSettlementTornException>(
            () => bench.Writer(puller).AppendAsync(bench.Key, MedicalTestBench.Settlement(1500, 300, 2200), CancellationToken.None));
        Assert.IsType<CardRemovedException>(torn.InnerException);
        bench.Reinsert();
        return (torn.Write, await bench.Records().ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Card_pulled_after_the_debit_before_the_EF06_amount_is_read_back_as_torn_missing_amount_and_count()
    {
        var bench = new MedicalTestBench();

        var (write, snapshot) = await PullDuringAsync(bench, input => MacInterceptor.IsEf06Update(input, 2));

        Assert.Equal(OfflineLogStatus.Torn, snapshot.Log.Status);
        Assert.Equal(OfflineLogParts.CumulativeAmount | OfflineLogParts.Count, snapshot.Log.Missing);
        Assert.Equal(snapshot.Transactions[0], snapshot.Log.Unaccounted);
        Assert.Equal(write.Record, snapshot.Transactions[0]);
        Assert.Equal(new OfflineSettlementState(true, 100, 1), snapshot.Offline);
        Assert.Equal(48_400u, bench.Card.MedicalPurse.BalanceFen);
    }

    [Fact]
    public async Task Card_pulled_before_the_EF06_count_is_read_back_as_torn_missing_count()
    {
        var bench = new MedicalTestBench();

        var (_, snapshot) = await PullDuringAsync(bench, input => MacInterceptor.IsEf06Update(input, 3));

        Assert.True(snapshot.Log.IsTorn);
        Assert.Equal(OfflineLogParts.Count, snapshot.Log.Missing);
        Assert.Equal(new OfflineSettlementState(true, 4100, 1), snapshot.Offline);
    }

    [Fact]
    public async Task Card_pulled_before_the_DEBIT_executes_leaves_a_consistent_log_and_an_untouched_purse()
    {
        var bench = new MedicalTestBench();
        var psam = new ObservedChannel(bench.PsamChannel)
        {
            Alter = (command, response) =>
            {
                if (command.Ins == 0x70)
                {
                    bench.Card.Faults.RemoveOnNextCommand = true;
                }
                return response;
            },
        };

        await Assert.ThrowsAsync<CardRemovedException>(
            () => bench.Writer(psam: psam).AppendAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None));
        bench.Reinsert();
        var snapshot = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(OfflineLogState.Consistent, snapshot.Log);
        Assert.Equal(2, snapshot.Transactions.Count);
        Assert.Equal(50_000u, bench.Card.MedicalPurse.BalanceFen);
    }

    [Fact]
    public async Task Card_pulled_as_the_DEBIT_completes_is_torn_and_RepairAsync_commits_it()
    {
        var bench = new MedicalTestBench();
        bench.Card.Faults.RemoveAfterProcessing(0x2C);

        await Assert.ThrowsAsync<CardRemovedException>(
            () => bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(1500, 300, 2200), CancellationToken.None));
        bench.Reinsert();
        var before = await bench.Writer().RepairAsync(bench.Key, CancellationToken.None);
        var after = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(OfflineLogParts.CumulativeAmount | OfflineLogParts.Count, before.Missing);
        Assert.Equal(OfflineLogState.Consistent, after.Log);
        Assert.Equal(new OfflineSettlementState(true, 4000, 1), after.Offline);
        Assert.Equal(48_500u, bench.Card.MedicalPurse.BalanceFen);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RepairAsync_rolls_a_torn_settlement_forward(byte missingRecord)
    {
        var bench = new MedicalTestBench();
        await PullDuringAsync(bench, input => MacInterceptor.IsEf06Update(input, missingRecord));

        var before = await bench.Writer().RepairAsync(bench.Key, CancellationToken.None);
        var after = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.True(before.IsTorn);
        Assert.Equal(OfflineLogState.Consistent, after.Log);
        Assert.Equal(new OfflineSettlementState(true, 4100, 2), after.Offline);
    }

    [Fact]
    public async Task A_torn_log_refuses_a_new_settlement_until_repaired()
    {
        var bench = new MedicalTestBench();
        await PullDuringAsync(bench, input => MacInterceptor.IsEf06Update(input, 3));

        var error = await Assert.ThrowsAsync<OfflineSettlementRefusedException>(
            () => bench.Writer().AppendAsync(bench.Key, MedicalTestBench.Settlement(), CancellationToken.None));

        Assert.Equal(OfflineRefusal.LogTorn, error.Reason);
        Assert.Equal(OfflineLogParts.Count, error.Log.Missing);
    }
}
