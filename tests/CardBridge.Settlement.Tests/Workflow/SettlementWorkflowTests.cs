using CardBridge.Journal;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Tests.Centre;
using CardBridge.Settlement.Workflow;
using CardBridge.Simulation.Centre;

namespace CardBridge.Settlement.Tests.Workflow;

public sealed class SettlementWorkflowTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static Task<WorkflowTestBed> StartAsync(Action<SettlementPolicy>? configure = null) =>
        WorkflowTestBed.StartAsync(configure, o => o.MaxRetries = 0);

    private static void CentreDown(WorkflowTestBed bed) => bed.Centre.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));

    [Fact]
    public async Task Online_settle_charges_the_centre_once_and_a_repeated_key_gets_the_first_answer()
    {
        await using var bed = await StartAsync();

        var first = await bed.SettleAsync("bill-1", 10_000);
        var again = await bed.SettleAsync("bill-1", 10_000);

        Assert.False(first.Offline);
        Assert.False(first.Replayed);
        Assert.NotNull(first.SettlementId);
        Assert.Equal(first.SettlementId, again.SettlementId);
        Assert.Equal(first.Amounts, again.Amounts);
        Assert.True(again.Replayed);
        Assert.Equal(1, bed.Centre.Sent["2207"]);
        Assert.Equal(96_000, bed.Centre.Centre.AccountBalanceFen(CentreTestBed.Person));
        Assert.Empty(bed.Card.Written);
    }

    [Fact]
    public async Task A_key_used_again_for_a_different_bill_is_refused_without_settling()
    {
        await using var bed = await StartAsync();
        await bed.SettleAsync("bill-1", 10_000);

        var error = await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => bed.SettleAsync("bill-1", 20_000));

        Assert.Equal("bill-1", error.IdempotencyKey);
        Assert.Equal(1, bed.Centre.Sent["2207"]);
    }

    [Fact]
    public async Task With_the_centre_down_a_settle_within_the_caps_goes_to_the_journal_then_the_card()
    {
        await using var bed = await StartAsync();
        CentreDown(bed);

        var outcome = await bed.SettleAsync("bill-1", 8_000);
        var again = await bed.SettleAsync("bill-1", 8_000);

        Assert.True(outcome.Offline);
        Assert.True(outcome.CardWritten);
        Assert.Equal(new PaymentSplit(8_000, AccountFen: 8_000, PooledFen: 0, SelfPayFen: 0), outcome.Amounts);
        var record = await bed.Journal.GetAsync(outcome.JournalSequence!.Value, Ct);
        Assert.Equal(JournalState.Pending, record.Status.State);
        Assert.Equal(outcome.RecordId, record.Id);
        Assert.Equal("AC000001", Convert.ToHexString(record.CardTac.Span));
        Assert.Equal("110000000001", record.TerminalId);
        Assert.Equal(8_000, record.Amounts.AccountFen);
        var written = Assert.Single(bed.Card.Written);
        Assert.Equal(8_000, written.AccountFen);
        Assert.True(again.Replayed);
        Assert.Equal(outcome.JournalSequence, again.JournalSequence);
        Assert.Single(bed.Card.Written);
    }

    [Theory]
    [InlineData(20_001, OfflineLimit.PerTransaction)]
    [InlineData(20_000, null)]
    public async Task The_per_transaction_cap_is_inclusive(long totalFen, OfflineLimit? refused)
    {
        await using var bed = await StartAsync(p => p.OfflineMaxPerTransactionFen = 20_000);
        CentreDown(bed);

        var error = await Record.ExceptionAsync(() => bed.SettleAsync("bill-1", totalFen));

        Assert.Equal(refused, (error as OfflineLimitExceededException)?.Limit);
        Assert.Equal(refused is null ? 1 : 0, (await bed.Journal.StatsAsync(Ct)).PendingCount);
    }

    [Fact]
    public async Task A_cards_offline_total_is_capped_per_day_in_China_Standard_Time()
    {
        await using var bed = await StartAsync(p => p.OfflineMaxPerCardPerDayFen = 15_000);
        CentreDown(bed);
        await bed.SettleAsync("bill-1", 10_000);

        var refused = await Assert.ThrowsAsync<OfflineLimitExceededException>(() => bed.SettleAsync("bill-2", 6_000));
        await bed.SettleAsync("bill-3", 5_000);
        bed.Time.Advance(TimeSpan.FromHours(15)); // 09:30 + 15 h = 00:30 the next day in Beijing
        var nextDay = await bed.SettleAsync("bill-4", 10_000);

        Assert.Equal(OfflineLimit.PerCardPerDay, refused.Limit);
        Assert.True(nextDay.Offline);
        Assert.IsType<CentreUnavailableException>(refused.InnerException);
    }

    [Fact]
    public async Task The_terminals_unacknowledged_offline_total_is_capped_until_the_centre_has_the_records()
    {
        await using var bed = await StartAsync(p => p.OfflineMaxTerminalPendingFen = 12_000);
        CentreDown(bed);
        await bed.SettleAsync("bill-1", 10_000);

        var refused = await Assert.ThrowsAsync<OfflineLimitExceededException>(() => bed.SettleAsync("bill-2", 3_000));
        await bed.Journal.MarkUploadedAsync(1, "CENTRE-1", Ct);
        var afterUpload = await bed.SettleAsync("bill-2", 3_000);

        Assert.Equal(OfflineLimit.TerminalTotal, refused.Limit);
        Assert.True(afterUpload.Offline);
    }

    [Fact]
    public async Task Offline_needs_the_card_an_allowed_scenario_and_offline_switched_on()
    {
        await using var bed = await StartAsync(p => p.OfflineScenarios.Add(SettlementScenario.Outpatient));
        CentreDown(bed);

        var noCard = await Assert.ThrowsAsync<OfflineLimitExceededException>(() => bed.SettleAsync("bill-1", 1_000, withCard: false));
        var pharmacy = await Assert.ThrowsAsync<OfflineLimitExceededException>(
            () => bed.Workflow.SettleAsync(WorkflowTestBed.Client, "bill-2", WorkflowTestBed.Holder, WorkflowTestBed.Bill(1_000, SettlementScenario.Pharmacy), bed.Card, Ct));
        bed.Policy.OfflineEnabled = false;
        var disabled = await Assert.ThrowsAsync<OfflineLimitExceededException>(() => bed.SettleAsync("bill-3", 1_000));

        Assert.Equal(OfflineLimit.CardRequired, noCard.Limit);
        Assert.Equal(OfflineLimit.Scenario, pharmacy.Limit);
        Assert.Equal(OfflineLimit.Disabled, disabled.Limit);
        Assert.Equal(0, (await bed.Journal.StatsAsync(Ct)).LastSequence);
    }

    [Fact]
    public async Task A_failed_card_write_voids_the_journal_record_and_frees_the_key()
    {
        await using var bed = await StartAsync();
        CentreDown(bed);
        bed.Card.Fail = new InvalidOperationException("card refused UPDATE RECORD (9302)");

        await Assert.ThrowsAsync<InvalidOperationException>(() => bed.SettleAsync("bill-1", 1_000));
        var retried = await bed.SettleAsync("bill-1", 1_000);

        var voided = await bed.Journal.GetAsync(1, Ct);
        Assert.Equal(JournalState.Voided, voided.Status.State);
        Assert.Contains("9302", voided.Status.RejectReason, StringComparison.Ordinal);
        Assert.Equal(2, retried.JournalSequence);
        Assert.Equal(1, (await bed.Journal.StatsAsync(Ct)).PendingCount);
    }

    [Fact]
    public async Task A_card_that_left_after_its_debit_leaves_the_settlement_standing_without_the_cards_proof()
    {
        await using var bed = await StartAsync();
        CentreDown(bed);
        bed.Card.Fail = new CardWriteUncertainException("card removed after DEBIT", new IOException("gone"));

        var outcome = await bed.SettleAsync("bill-1", 1_000);

        Assert.True(outcome.Offline);
        Assert.False(outcome.CardWritten);
        var record = await bed.Journal.GetAsync(outcome.JournalSequence!.Value, Ct);
        Assert.Equal(JournalState.Pending, record.Status.State);
        Assert.True(record.CardTac.IsEmpty);
    }

    [Fact]
    public async Task A_second_call_with_a_key_still_running_is_told_so_and_settles_nothing()
    {
        await using var bed = await StartAsync();
        CentreDown(bed);
        bed.Card.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = bed.SettleAsync("bill-1", 1_000);
        await WaitUntilAsync(async () => (await bed.Journal.StatsAsync(Ct)).PendingCount == 1);

        await Assert.ThrowsAsync<SettlementInProgressException>(() => bed.SettleAsync("bill-1", 1_000));
        bed.Card.Hold.SetResult();
        var outcome = await first;

        Assert.True(outcome.Offline);
        Assert.Single(bed.Card.Written);
    }

    [Fact]
    public async Task Commit_then_drop_is_reversed_at_the_centre_and_the_bill_settles_offline_once()
    {
        await using var bed = await StartAsync();
        bed.Centre.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "2207"));

        var outcome = await bed.SettleAsync("bill-1", 10_000);

        Assert.True(outcome.Offline);
        Assert.Equal(1, bed.Centre.Sent["2601"]);
        Assert.Equal(100_000, bed.Centre.Centre.AccountBalanceFen(CentreTestBed.Person));
        Assert.Equal(0, bed.Centre.Centre.ActiveSettlementCount);
    }

    [Fact]
    public async Task A_settle_whose_outcome_stayed_unknown_is_reversed_by_its_message_id_before_the_key_settles_again()
    {
        await using var bed = await StartAsync();
        bed.Centre.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "2207"));
        bed.Centre.Centre.InjectFault(new CentreFaultRule(CentreFault.ServerError, OnlyInfNo: "2601"));

        await Assert.ThrowsAsync<SettleOutcomeUnknownException>(() => bed.SettleAsync("bill-1", 10_000));
        var chargedMeanwhile = bed.Centre.Centre.AccountBalanceFen(CentreTestBed.Person);
        bed.Centre.Centre.ClearFaults();
        var retried = await bed.SettleAsync("bill-1", 10_000);

        Assert.Equal(96_000, chargedMeanwhile);
        Assert.False(retried.Offline);
        Assert.Equal(1, bed.Centre.Centre.ActiveSettlementCount);
        Assert.Equal(96_000, bed.Centre.Centre.AccountBalanceFen(CentreTestBed.Person));
    }

    [Fact]
    public async Task Recovery_at_start_up_reverses_a_settle_a_dead_process_left_unanswered()
    {
        await using var bed = await StartAsync();
        bed.Centre.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "2207"));
        bed.Centre.Centre.InjectFault(new CentreFaultRule(CentreFault.ServerError, OnlyInfNo: "2601"));
        await Assert.ThrowsAsync<SettleOutcomeUnknownException>(() => bed.SettleAsync("bill-1", 10_000));
        bed.Centre.Centre.ClearFaults();
        bed.Restart();

        await bed.Workflow.RecoverAsync(Ct);

        Assert.Equal(0, bed.Centre.Centre.ActiveSettlementCount);
        Assert.Equal(100_000, bed.Centre.Centre.AccountBalanceFen(CentreTestBed.Person));
    }

    [Fact]
    public async Task A_settle_cancelled_by_the_caller_settles_nothing_and_frees_the_key()
    {
        await using var bed = await StartAsync();
        bed.Centre.Centre.InjectFault(new CentreFaultRule(CentreFault.Slow, Times: 1, OnlyInfNo: "2207", Delay: TimeSpan.FromSeconds(30)));
        using var caller = new CancellationTokenSource();
        var settling = bed.SettleAsync("bill-1", 10_000, cancellationToken: caller.Token);
        // The caller gives up once the centre holds the settle, not before: cancelled while still on its way, the
        // settle would never reach the centre and the one-time hold would catch the retry instead.
        await WaitUntilAsync(() => Task.FromResult(bed.Centre.Centre.PendingFaultCount == 0));
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => settling);
        var retried = await bed.SettleAsync("bill-1", 10_000);

        Assert.False(retried.Replayed);
        Assert.False(retried.Offline);
        Assert.Equal(1, bed.Centre.Centre.ActiveSettlementCount);
        Assert.Equal(96_000, bed.Centre.Centre.AccountBalanceFen(CentreTestBed.Person));
    }

    [Fact]
    public async Task Reverse_cancels_an_online_settlement_once_and_marks_it()
    {
        await using var bed = await StartAsync();
        var settled = await bed.SettleAsync("bill-1", 10_000);

        var reversal = await bed.Workflow.ReverseAsync(WorkflowTestBed.Client, "undo-1", "bill-1", Ct);
        var again = await bed.Workflow.ReverseAsync(WorkflowTestBed.Client, "undo-1", "bill-1", Ct);
        var replayedSettle = await bed.SettleAsync("bill-1", 10_000);

        Assert.Equal(settled.SettlementId, reversal.SettlementId);
        Assert.Equal(10_000, reversal.Refunded.TotalFen);
        Assert.True(again.Replayed);
        Assert.Equal(reversal.Refunded, again.Refunded);
        Assert.Equal(1, bed.Centre.Sent["2208"]);
        Assert.Equal("undo-1", replayedSettle.ReversedBy);
        Assert.Equal(100_000, bed.Centre.Centre.AccountBalanceFen(CentreTestBed.Person));
        await Assert.ThrowsAsync<SettlementNotReversibleException>(() => bed.Workflow.ReverseAsync(WorkflowTestBed.Client, "undo-2", "bill-1", Ct));
    }

    [Fact]
    public async Task Reverse_refuses_offline_settlements_and_unknown_keys()
    {
        await using var bed = await StartAsync();
        CentreDown(bed);
        await bed.SettleAsync("bill-1", 1_000);

        await Assert.ThrowsAsync<SettlementNotReversibleException>(() => bed.Workflow.ReverseAsync(WorkflowTestBed.Client, "undo-1", "bill-1", Ct));
        await Assert.ThrowsAsync<SettlementNotFoundException>(() => bed.Workflow.ReverseAsync(WorkflowTestBed.Client, "undo-2", "no-such-bill", Ct));
        await Assert.ThrowsAsync<SettlementNotFoundException>(() => bed.Workflow.ReverseAsync("another-client", "undo-3", "bill-1", Ct));
    }

    [Fact]
    public async Task Account_query_gives_the_centres_balance_and_the_holders_settlements_here_newest_first()
    {
        await using var bed = await StartAsync();
        await bed.SettleAsync("bill-1", 10_000);
        bed.Time.Advance(TimeSpan.FromMinutes(1));
        await bed.SettleAsync("bill-2", 5_000);

        var online = await bed.Workflow.QueryAccountAsync(WorkflowTestBed.Client, WorkflowTestBed.Holder, Ct);
        CentreDown(bed);
        var offline = await bed.Workflow.QueryAccountAsync(WorkflowTestBed.Client, WorkflowTestBed.Holder, Ct);

        Assert.True(online.CentreReachable);
        Assert.Equal(94_000, online.AccountBalanceFen);
        Assert.Equal(["bill-2", "bill-1"], online.Recent.Select(r => r.IdempotencyKey));
        Assert.False(offline.CentreReachable);
        Assert.Null(offline.AccountBalanceFen);
        Assert.Equal(2, offline.Recent.Count);
    }

    [Fact]
    public async Task Account_query_lists_another_clients_settlements_without_their_keys()
    {
        await using var bed = await StartAsync();
        await bed.SettleAsync("bill-1", 10_000);
        await bed.Workflow.ReverseAsync(WorkflowTestBed.Client, "undo-1", "bill-1", Ct);
        bed.Time.Advance(TimeSpan.FromMinutes(1));
        await bed.Workflow.SettleAsync("pharmacy", "rx-7", WorkflowTestBed.Holder, WorkflowTestBed.Bill(2_000), bed.Card, Ct);

        var mine = await bed.Workflow.QueryAccountAsync(WorkflowTestBed.Client, WorkflowTestBed.Holder, Ct);
        var theirs = await bed.Workflow.QueryAccountAsync("pharmacy", WorkflowTestBed.Holder, Ct);

        Assert.Equal(["", "bill-1"], mine.Recent.Select(r => r.IdempotencyKey));
        Assert.Equal("undo-1", mine.Recent[1].ReversedBy);
        Assert.Equal(["rx-7", ""], theirs.Recent.Select(r => r.IdempotencyKey));
        Assert.Null(theirs.Recent[1].ReversedBy);
        Assert.Equal([2_000L, 10_000L], theirs.Recent.Select(r => r.Amounts.TotalFen));
    }

    [Theory]
    [InlineData("", 1_000)]
    [InlineData("key", 0)]
    [InlineData("key", -5)]
    public async Task Malformed_keys_and_amounts_are_refused_before_anything_is_stored(string key, long totalFen)
    {
        await using var bed = await StartAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => bed.SettleAsync(key, totalFen));

        Assert.Equal(0, bed.Centre.Sent["1101"]);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }
}
