using CardBridge.Cards.Medical;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Tests.Medical;

public sealed class TornWriteTests
{
    // Pulls the card right after the PSAM computed the MAC of the chosen write: the card never executes it.
    private static async Task<MedicalSnapshot> PullDuringAsync(MedicalTestBench bench, Func<ReadOnlyMemory<byte>, bool> write)
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
        await Assert.ThrowsAsync<CardRemovedException>(
            () => bench.Writer(puller).AppendAsync(bench.Key, MedicalTestBench.Settlement(1500, 300, 2200), CancellationToken.None));
        bench.Reinsert();
        return await bench.Records().ReadAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Card_pulled_before_the_EF06_amount_is_read_back_as_torn_missing_amount_and_count()
    {
        var bench = new MedicalTestBench();

        var snapshot = await PullDuringAsync(bench, input => MacInterceptor.IsEf06Update(input, 2));

        Assert.Equal(OfflineLogStatus.Torn, snapshot.Log.Status);
        Assert.Equal(OfflineLogParts.CumulativeAmount | OfflineLogParts.Count, snapshot.Log.Missing);
        Assert.Equal(snapshot.Transactions[0], snapshot.Log.Unaccounted);
        Assert.Equal(new OfflineSettlementState(true, 100, 1), snapshot.Offline);
    }

    [Fact]
    public async Task Card_pulled_before_the_EF06_count_is_read_back_as_torn_missing_count()
    {
        var bench = new MedicalTestBench();

        var snapshot = await PullDuringAsync(bench, input => MacInterceptor.IsEf06Update(input, 3));

        Assert.True(snapshot.Log.IsTorn);
        Assert.Equal(OfflineLogParts.Count, snapshot.Log.Missing);
        Assert.Equal(new OfflineSettlementState(true, 4100, 1), snapshot.Offline);
    }

    [Fact]
    public async Task Card_pulled_before_the_EF08_append_leaves_a_consistent_log_without_the_settlement()
    {
        var bench = new MedicalTestBench();

        var snapshot = await PullDuringAsync(bench, MacInterceptor.IsEf08Append);

        Assert.Equal(OfflineLogState.Consistent, snapshot.Log);
        Assert.Equal(3, snapshot.Transactions.Count);
        Assert.Equal(new OfflineSettlementState(true, 100, 1), snapshot.Offline);
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
