using CardBridge.HardwareSim.Vpcd;

namespace CardBridge.HardwareSim.Tests.Vpcd;

public sealed class InsertionScheduleTests : IAsyncDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));
    private readonly ManualTimeProvider _time = new();

    // Never run: the schedule only flips the bridge's wanted state, which is what these tests read.
    private readonly VpcdCardBridge _bridge = new(new RecordingCard(), new VpcdBridgeOptions { Port = FakeVpcd.UnusedPort() });

    public async ValueTask DisposeAsync()
    {
        await _bridge.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Insert_after_inserts_the_card_at_that_time()
    {
        var schedule = new InsertionSchedule(insertAfter: TimeSpan.FromMilliseconds(250));
        var run = schedule.RunAsync(_bridge, _time, _timeout.Token);

        Assert.Equal(TimeSpan.FromMilliseconds(250), await _time.NextTimerAsync(_timeout.Token));
        Assert.False(_bridge.IsInserted);
        _time.Advance(TimeSpan.FromMilliseconds(250));

        await run.WaitAsync(_timeout.Token);
        Assert.True(_bridge.IsInserted);
    }

    [Fact]
    public async Task Cycle_toggles_the_card_every_period_until_remove_after_ends_it()
    {
        var schedule = new InsertionSchedule(
            insertAfter: TimeSpan.FromMilliseconds(50), removeAfter: TimeSpan.FromMilliseconds(350), cycle: TimeSpan.FromMilliseconds(100));
        var run = schedule.RunAsync(_bridge, _time, _timeout.Token);
        var seen = new List<(TimeSpan Wait, bool Inserted)>();

        while (true)
        {
            var next = _time.NextTimerAsync(_timeout.Token);
            if (await Task.WhenAny(run, next) == run)
            {
                break;
            }

            var wait = await next;
            seen.Add((wait, _bridge.IsInserted));
            _time.Advance(wait);
        }

        await run;
        Assert.Equal(
            [
                (TimeSpan.FromMilliseconds(50), false),
                (TimeSpan.FromMilliseconds(100), true),
                (TimeSpan.FromMilliseconds(100), false),
                (TimeSpan.FromMilliseconds(100), true),
            ],
            seen);
        Assert.False(_bridge.IsInserted);
    }

    [Fact]
    public async Task Cycle_without_insert_after_starts_by_toggling_the_current_state()
    {
        _bridge.Insert();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token);
        var run = new InsertionSchedule(cycle: TimeSpan.FromSeconds(1)).RunAsync(_bridge, _time, stop.Token);

        await _time.NextTimerAsync(_timeout.Token);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _time.NextTimerAsync(_timeout.Token);
        Assert.False(_bridge.IsInserted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _time.NextTimerAsync(_timeout.Token);
        Assert.True(_bridge.IsInserted);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public void Removal_before_insertion_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new InsertionSchedule(insertAfter: TimeSpan.FromSeconds(2), removeAfter: TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_zero_cycle_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InsertionSchedule(cycle: TimeSpan.Zero));
    }
}
