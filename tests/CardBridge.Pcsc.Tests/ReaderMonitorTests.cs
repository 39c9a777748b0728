using CardBridge.Pcsc.Tests.Fakes;
using static CardBridge.Pcsc.ReaderChangeKind;

namespace CardBridge.Pcsc.Tests;

public sealed class ReaderMonitorTests
{
    private static readonly byte[] Atr = Convert.FromHexString("3B8880010000000000000000");

    private static readonly TimeSpan[] ExpectedBackoff =
        [.. new[] { 100, 200, 400, 800, 1600, 2000, 2000 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    [Fact]
    public async Task First_snapshot_reports_readers_and_present_cards()
    {
        var native = new FakePcscNative();
        native.AddReader("R0", Atr);
        native.AddReader("R1");
        var monitor = new ReaderMonitor(native, null, new RecordingTimeProvider());
        using var stop = new CancellationTokenSource();
        await using var events = new EventStream(monitor, stop.Token);

        Assert.Equal("R0", (await events.NextAsync(ReaderAttached)).Reader);
        Assert.Equal(Atr, (await events.NextAsync(CardInserted)).Atr.ToArray());
        Assert.Equal("R1", (await events.NextAsync(ReaderAttached)).Reader);
    }

    [Fact]
    public async Task Service_loss_detaches_readers_backs_off_capped_and_restores()
    {
        var native = new FakePcscNative();
        native.AddReader("R0", Atr);
        native.AddReader("R1");
        var clock = new RecordingTimeProvider();
        var monitor = new ReaderMonitor(native, null, clock);
        using var stop = new CancellationTokenSource();
        await using var events = new EventStream(monitor, stop.Token);
        await events.UntilAsync(e => e is { Kind: ReaderAttached, Reader: "R1" }, TimeSpan.FromSeconds(10));
        Assert.True(await native.WaitEntered.WaitAsync(TimeSpan.FromSeconds(10)));

        native.EstablishFailuresAfterStop = 6;
        native.StopService();

        var lost = await events.NextAsync(ServiceLost);
        Assert.Contains("SCARD_F_COMM_ERROR", lost.Reason, StringComparison.Ordinal);
        Assert.Equal(CardRemoved, (await events.NextAsync()).Kind);
        Assert.Equal("R0", (await events.NextAsync(ReaderDetached)).Reader);
        Assert.Equal("R1", (await events.NextAsync(ReaderDetached)).Reader);
        await events.NextAsync(ServiceRestored);
        Assert.Equal("R0", (await events.NextAsync(ReaderAttached)).Reader);
        await events.NextAsync(CardInserted);
        Assert.Equal("R1", (await events.NextAsync(ReaderAttached)).Reader);
        Assert.Equal(ExpectedBackoff, clock.Delays);
    }

    [Fact]
    public async Task Cancellation_wakes_the_blocked_wait_and_the_thread_exits()
    {
        var native = new FakePcscNative();
        native.AddReader("R0");
        var monitor = new ReaderMonitor(native, null, new RecordingTimeProvider());
        using var stop = new CancellationTokenSource();
        var events = new EventStream(monitor, stop.Token);
        await events.NextAsync(ReaderAttached);
        Assert.True(await native.WaitEntered.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, monitor.ActiveWatches);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => events.MoveNextAsync(TimeSpan.FromSeconds(5)));
        await events.DisposeAsync();
        Assert.Equal(0, monitor.ActiveWatches);
        Assert.True(native.CancelCalls >= 1);
    }

    [Fact]
    public async Task Consumer_breaking_out_of_the_loop_stops_the_thread()
    {
        var native = new FakePcscNative();
        native.AddReader("R0");
        var monitor = new ReaderMonitor(native, null, new RecordingTimeProvider());

        await foreach (var change in monitor.WatchAsync(CancellationToken.None))
        {
            Assert.Equal(ReaderAttached, change.Kind);
            break;
        }

        Assert.Equal(0, monitor.ActiveWatches);
    }

    [Fact]
    public async Task Service_down_at_start_reports_lost_then_restored_with_readers()
    {
        var native = new FakePcscNative { EstablishFailuresAfterStop = 2 };
        native.AddReader("R0");
        native.StopService();
        var clock = new RecordingTimeProvider();
        var monitor = new ReaderMonitor(native, null, clock);
        using var stop = new CancellationTokenSource();
        await using var events = new EventStream(monitor, stop.Token);

        Assert.Contains("SCARD_E_NO_SERVICE", (await events.NextAsync(ServiceLost)).Reason, StringComparison.Ordinal);
        await events.NextAsync(ServiceRestored);
        Assert.Equal("R0", (await events.NextAsync(ReaderAttached)).Reader);
        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)], clock.Delays);
    }

    [Fact]
    public void Options_reject_a_cap_below_the_first_backoff()
    {
        var options = new ReaderMonitorOptions { MinBackoff = TimeSpan.FromSeconds(3), MaxBackoff = TimeSpan.FromSeconds(2) };

        Assert.Throws<ArgumentOutOfRangeException>(() => new ReaderMonitor(new FakePcscNative(), options, null));
    }
}
