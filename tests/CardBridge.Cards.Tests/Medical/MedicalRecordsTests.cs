using CardBridge.Cards.Medical;
using CardBridge.Simulation.Profiles;

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

public sealed class OfflineLogStateTests
{
    private static MedicalTransaction Offline(ushort sequence, uint fen) =>
        new(sequence, MedicalTransactionType.OfflineSettlement, "999900000001", new DateTime(2025, 3, 1), fen, 0, 0);

    private static readonly MedicalTransaction Online =
        new(1, MedicalTransactionType.Settlement, "999900000001", new DateTime(2025, 2, 1), 100, 0, 0);

    [Fact]
    public void Offline_records_below_an_online_one_do_not_count()
    {
        var state = OfflineLogState.Check(new OfflineSettlementState(true, 0, 0), [Online, Offline(1, 500)]);

        Assert.Equal(OfflineLogState.Consistent, state);
    }

    [Fact]
    public void Two_records_more_than_the_count_are_inconsistent_not_torn()
    {
        var state = OfflineLogState.Check(new OfflineSettlementState(true, 0, 0), [Offline(3, 200), Offline(2, 100), Online]);

        Assert.Equal(OfflineLogStatus.Inconsistent, state.Status);
    }

    [Fact]
    public void One_record_more_with_an_amount_matching_neither_step_is_inconsistent()
    {
        var state = OfflineLogState.Check(new OfflineSettlementState(true, 999, 1), [Offline(3, 200), Offline(2, 100), Online]);

        Assert.Equal(OfflineLogStatus.Inconsistent, state.Status);
    }

    [Fact]
    public void A_wrapped_log_of_offline_records_is_consistent_when_EF06_accounts_for_at_least_what_is_visible()
    {
        MedicalTransaction[] visible = [Offline(32, 100), Offline(31, 100), Offline(30, 100)];

        var wrapped = OfflineLogState.Check(new OfflineSettlementState(true, 3_200, 32), visible);
        var short_ = OfflineLogState.Check(new OfflineSettlementState(true, 200, 2), visible);

        Assert.Equal(OfflineLogState.Consistent, wrapped);
        Assert.NotEqual(OfflineLogStatus.Consistent, short_.Status);
    }

    [Fact]
    public void A_log_holding_the_cards_first_record_has_not_wrapped_so_extra_EF06_counts_are_inconsistent()
    {
        var state = OfflineLogState.Check(new OfflineSettlementState(true, 500, 5), [Offline(3, 100), Offline(2, 100), Offline(1, 100)]);

        Assert.Equal(OfflineLogStatus.Inconsistent, state.Status);
    }
}
