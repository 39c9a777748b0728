using CardBridge.Settlement.Centre;
using CardBridge.Simulation.Centre;
using Polly.CircuitBreaker;
using Polly.Timeout;
using static CardBridge.Settlement.Tests.Centre.CentreTestBed;

namespace CardBridge.Settlement.Tests.Centre;

[Trait("Category", "Integration")]
public sealed class CentreFaultTests : IDisposable
{
    private static readonly PersonQuery ByCard = new(CertificateType.SocialSecurityCard, Card);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Centre_down_is_unavailable_and_never_delivered()
    {
        await using var bed = Start(o => o.MaxRetries = 1);
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));

        var error = await Assert.ThrowsAsync<CentreUnavailableException>(() => bed.Adapter.GetPersonInfoAsync(ByCard, Ct));

        Assert.True(error.NeverDelivered);
        Assert.Equal(2, bed.Sent["1101"]);
    }

    [Fact]
    public async Task Http_500_is_unavailable()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.ServerError, OnlyInfNo: "2206"));

        var error = await Assert.ThrowsAsync<CentreUnavailableException>(
            () => bed.Adapter.PreSettleAsync(SettlementScenario.Outpatient, Bill(1_000), Ct));

        Assert.False(error.NeverDelivered);
        Assert.Equal(1, bed.Sent["2206"]);
    }

    [Fact]
    public async Task Slow_centre_times_out_as_unavailable()
    {
        await using var bed = Start(o =>
        {
            o.CallTimeout = TimeSpan.FromMilliseconds(200);
            o.MaxRetries = 1;
        });
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.Slow, OnlyInfNo: "1101", Delay: TimeSpan.FromSeconds(30)));

        var error = await Assert.ThrowsAsync<CentreUnavailableException>(() => bed.Adapter.GetPersonInfoAsync(ByCard, Ct));

        Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.Equal(2, bed.Sent["1101"]);
    }

    [Fact]
    public async Task Malformed_answer_is_a_protocol_error_and_not_retried()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.MalformedJson, OnlyInfNo: "1101"));

        await Assert.ThrowsAsync<CentreProtocolException>(() => bed.Adapter.GetPersonInfoAsync(ByCard, Ct));

        Assert.Equal(1, bed.Sent["1101"]);
    }

    [Fact]
    public async Task Person_info_succeeds_after_two_failures_by_retrying_the_same_msgid()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.ServerError, Times: 2, OnlyInfNo: "1101"));

        var person = await bed.Adapter.GetPersonInfoAsync(ByCard, Ct);

        Assert.Equal(Person, person.PersonNo);
        Assert.Equal(3, bed.Sent["1101"]);
        Assert.Equal(1, bed.Centre.RequestCount("1101"));
    }

    [Fact]
    public async Task Commit_then_drop_on_settle_is_reversed_and_nothing_is_charged()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "2207"));

        var error = await Assert.ThrowsAsync<SettleReversedException>(
            () => bed.Adapter.SettleAsync(SettlementScenario.Outpatient, Bill(10_000), Ct));

        Assert.Equal(1, bed.Sent["2207"]);
        Assert.Equal(1, bed.Centre.RequestCount("2207"));
        Assert.Equal(1, bed.Sent["2601"]);
        Assert.Equal(100_000, bed.Centre.AccountBalanceFen(Person));
        Assert.Equal(0, bed.Centre.ActiveSettlementCount);
        Assert.StartsWith("H99000000001", error.OriginalMsgId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settle_after_a_reversed_one_charges_exactly_once()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "2102"));
        await Assert.ThrowsAsync<SettleReversedException>(() => bed.Adapter.SettleAsync(SettlementScenario.Pharmacy, Bill(10_000), Ct));

        var receipt = await bed.Adapter.SettleAsync(SettlementScenario.Pharmacy, Bill(10_000), Ct);

        Assert.Equal(96_000, bed.Centre.AccountBalanceFen(Person));
        Assert.Equal(1, bed.Centre.ActiveSettlementCount);
        Assert.Equal(96_000, receipt.AccountBalanceAfterFen);
    }

    [Fact]
    public async Task Settle_answered_500_is_not_resent_but_reversed()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.ServerError, OnlyInfNo: "2207"));

        var error = await Assert.ThrowsAsync<SettleReversedException>(
            () => bed.Adapter.SettleAsync(SettlementScenario.Outpatient, Bill(10_000), Ct));

        Assert.IsType<CentreUnavailableException>(error.InnerException);
        Assert.Equal(1, bed.Sent["2207"]);
        Assert.Equal(1, bed.Sent["2601"]);
        Assert.Equal(100_000, bed.Centre.AccountBalanceFen(Person));
    }

    [Fact]
    public async Task Settle_with_a_garbled_answer_is_reversed()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.MalformedJson, OnlyInfNo: "2207"));

        var error = await Assert.ThrowsAsync<SettleReversedException>(
            () => bed.Adapter.SettleAsync(SettlementScenario.Outpatient, Bill(10_000), Ct));

        Assert.IsType<CentreProtocolException>(error.InnerException);
        Assert.Equal(0, bed.Centre.ActiveSettlementCount);
    }

    [Fact]
    public async Task Settle_to_a_centre_that_is_down_is_unavailable_without_a_reversal()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));

        var error = await Assert.ThrowsAsync<CentreUnavailableException>(
            () => bed.Adapter.SettleAsync(SettlementScenario.Outpatient, Bill(10_000), Ct));

        Assert.IsNotType<SettleReversedException>(error);
        Assert.True(error.NeverDelivered);
        Assert.Equal(0, bed.Sent["2601"]);
    }

    [Fact]
    public async Task Lost_settle_whose_reversal_fails_carries_the_msgid_and_can_be_reversed_later()
    {
        await using var bed = Start(o => o.MaxRetries = 1);
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "2207"));
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.ServerError, OnlyInfNo: "2601"));

        var error = await Assert.ThrowsAsync<SettleOutcomeUnknownException>(
            () => bed.Adapter.SettleAsync(SettlementScenario.Outpatient, Bill(10_000), Ct));
        var chargedMeanwhile = bed.Centre.AccountBalanceFen(Person);
        bed.Centre.ClearFaults();
        var reversal = await bed.Adapter.ReverseAsync(error.Reversal, Ct);

        Assert.Equal(96_000, chargedMeanwhile);
        Assert.Equal(error.MsgId, reversal.OriginalMsgId);
        Assert.True(reversal.Undone);
        Assert.Equal(100_000, bed.Centre.AccountBalanceFen(Person));
    }

    [Fact]
    public async Task Settle_cancelled_by_the_caller_in_flight_is_reversed()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        // The centre holds the settle far longer than the caller waits, so a late timer on a loaded machine cannot
        // let the answer overtake the cancellation.
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.Slow, OnlyInfNo: "2207", Delay: TimeSpan.FromSeconds(30)));
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => bed.Adapter.SettleAsync(SettlementScenario.Outpatient, Bill(10_000), caller.Token));

        Assert.Equal(1, bed.Sent["2601"]);
        Assert.Equal(100_000, bed.Centre.AccountBalanceFen(Person));
    }

    [Fact]
    public async Task Breaker_goes_offline_after_repeated_failures_and_online_on_the_first_success_after_the_break()
    {
        await using var bed = Start(o =>
        {
            o.MaxRetries = 0;
            o.BreakerFailureThreshold = 3;
            o.BreakerFailureRatio = 1.0;
            o.BreakerSamplingDuration = TimeSpan.FromSeconds(10);
            o.BreakDuration = TimeSpan.FromSeconds(30);
        });
        await bed.Adapter.SignInAsync(Ct);
        // Let the sign-in's success leave the sampling window: from here every call fails.
        bed.Time.Advance(TimeSpan.FromSeconds(11));
        var changes = new List<CentreConnectivityChangedEventArgs>();
        var offline = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var online = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Adapter.ConnectivityChanged += (_, change) =>
        {
            lock (changes)
            {
                changes.Add(change);
            }
            (change.Current == CentreConnectivity.Offline ? offline : online).TrySetResult();
        };
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<CentreUnavailableException>(() => bed.Adapter.GetPersonInfoAsync(ByCard, Ct));
        }
        await offline.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        var whileOpen = await Assert.ThrowsAsync<CentreUnavailableException>(() => bed.Adapter.GetPersonInfoAsync(ByCard, Ct));
        bed.Centre.ClearFaults();
        var stillOffline = bed.Adapter.Connectivity;
        bed.Time.Advance(TimeSpan.FromSeconds(31));
        await bed.Adapter.GetPersonInfoAsync(ByCard, Ct);
        await online.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.IsType<BrokenCircuitException>(whileOpen.InnerException);
        Assert.Equal(3, bed.Sent["1101"] - 1);
        Assert.Equal(CentreConnectivity.Offline, stillOffline);
        Assert.Equal(CentreConnectivity.Online, bed.Adapter.Connectivity);
        Assert.Equal(
            [(CentreConnectivity.Online, CentreConnectivity.Offline), (CentreConnectivity.Offline, CentreConnectivity.Online)],
            changes.Select(c => (c.Previous, c.Current)));
    }

    [Fact]
    public async Task Centre_rejections_do_not_switch_the_terminal_offline()
    {
        await using var bed = Start(o => o.BreakerFailureThreshold = 2);
        var changed = false;
        bed.Adapter.ConnectivityChanged += (_, _) => changed = true;

        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<CentreRejectedException>(
                () => bed.Adapter.GetPersonInfoAsync(new PersonQuery(CertificateType.IdCard, "SIM000000000000000"), Ct));
        }

        Assert.False(changed);
        Assert.Equal(CentreConnectivity.Online, bed.Adapter.Connectivity);
    }

    // The adapter and the simulated centre share one HTTP/1.1 connection, kept between calls as with a real platform.
    [Fact]
    public async Task Calls_one_after_another_share_one_kept_connection()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        await bed.Adapter.GetPersonInfoAsync(ByCard, Ct);
        await bed.Adapter.GetPersonInfoAsync(ByCard, Ct);

        Assert.Equal((1, 2), (bed.Sent["9001"], bed.Sent["1101"]));
        Assert.Equal(1, bed.Sent.Connections);
    }

    [Fact]
    public async Task A_centre_that_went_down_closed_its_kept_connection_and_is_reached_on_a_new_one_when_back()
    {
        await using var bed = Start(o => o.MaxRetries = 0);
        await bed.Adapter.SignInAsync(Ct);

        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));
        var down = await Assert.ThrowsAsync<CentreUnavailableException>(() => bed.Adapter.GetPersonInfoAsync(ByCard, Ct));
        bed.Centre.ClearFaults();
        await bed.Adapter.GetPersonInfoAsync(ByCard, Ct);

        Assert.True(down.NeverDelivered);
        Assert.Equal(1, bed.Centre.RequestCount("1101"));
        Assert.Equal(3, bed.Sent.Connections);
    }

    [Fact]
    public async Task An_answer_lost_with_a_reset_ends_its_connection_and_the_retry_opens_another()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "1101"));

        var person = await bed.Adapter.GetPersonInfoAsync(ByCard, Ct);

        Assert.Equal(Person, person.PersonNo);
        Assert.Equal(2, bed.Sent["1101"]);
        Assert.Equal(2, bed.Sent.Connections);
    }
}
