using CardBridge.Cards.Medical;
using CardBridge.HardwareSim.Profiles;

namespace CardBridge.Cards.Tests.Medical;

public sealed class MedicalRecordsTests
{
    [Fact]
    public async Task ReadAsync_returns_basics_offline_state_and_details_newest_first()
    {
        var bench = new MedicalTestBench();

        var snapshot = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(new MedicalBasics("310", MedicalUsageMode.Online), snapshot.Basics);
        Assert.Equal(new OfflineSettlementState(true, 0, 0), snapshot.Offline);
        Assert.Equal(
            [
                new MedicalTransaction(2, MedicalTransactionType.Settlement, "999900000001", new DateTime(2025, 2, 14, 10, 5, 12), 3250, 1200, 8800),
                new MedicalTransaction(1, MedicalTransactionType.Load, "999900000001", new DateTime(2025, 1, 6, 9, 30, 0), 50000, 0, 0),
            ],
            snapshot.Transactions);
        Assert.Equal(OfflineLogState.Consistent, snapshot.Log);
    }

    [Fact]
    public async Task ReadOfflineStateAsync_reports_the_cards_EF06()
    {
        var bench = new MedicalTestBench(SimCard.ThirdGen().WithOfflineSettlement(false, 12345, 7));

        var state = await bench.Records().ReadOfflineStateAsync(CancellationToken.None);

        Assert.Equal(new OfflineSettlementState(false, 12345, 7), state);
    }

    [Fact]
    public async Task Basics_are_read_without_asking_for_the_PIN()
    {
        var bench = new MedicalTestBench();

        await bench.Records().ReadBasicsAsync(CancellationToken.None);

        Assert.Equal(0, bench.Verifier.Calls);
        Assert.Equal(["00A4040C06D15600000503", "00B2012C00", "00B2022C00"], bench.Channel.Commands.Select(c => c.ToString()));
    }

    [Fact]
    public async Task Protected_reads_ask_the_verifier_once_before_reading()
    {
        var bench = new MedicalTestBench();

        await bench.Records().ReadTransactionsAsync(CancellationToken.None);

        Assert.Equal(1, bench.Verifier.Calls);
        Assert.Equal(0x20, bench.Channel.Commands[1].Ins);
    }

    [Fact]
    public async Task Protected_reads_without_a_verified_PIN_fail_with_6982()
    {
        var bench = new MedicalTestBench();
        var records = new MedicalRecords(bench.Channel, new NoVerification());

        var error = await Assert.ThrowsAsync<CardCommandException>(() => records.ReadOfflineStateAsync(CancellationToken.None));

        Assert.Equal(0x6982, error.StatusWord.Value);
    }

    [Fact]
    public async Task An_EF06_count_without_offline_records_is_reported_inconsistent()
    {
        var bench = new MedicalTestBench(SimCard.ThirdGen().WithOfflineSettlement(true, 500, 2));

        var snapshot = await bench.Records().ReadAsync(CancellationToken.None);

        Assert.Equal(OfflineLogStatus.Inconsistent, snapshot.Log.Status);
    }

    [Fact]
    public async Task A_corrupted_TLV_record_is_a_CardDataException()
    {
        var bench = new MedicalTestBench();
        bench.Card.Faults.CorruptTlv = true;

        await Assert.ThrowsAsync<CardDataException>(() => bench.Records().ReadBasicsAsync(CancellationToken.None));
    }
}
