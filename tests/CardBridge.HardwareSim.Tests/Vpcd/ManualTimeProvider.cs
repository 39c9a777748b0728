using System.Threading.Channels;

namespace CardBridge.HardwareSim.Tests.Vpcd;

/// <summary>
/// A clock that moves only when the test advances it; reports every timer created, so a test can await the
/// moment the code under test starts waiting and see how long it means to wait.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly Channel<TimeSpan> _created = Channel.CreateUnbounded<TimeSpan>();
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        _created.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The due time of the next timer the code under test creates.</summary>
    public async Task<TimeSpan> NextTimerAsync(CancellationToken cancellationToken) => await _created.Reader.ReadAsync(cancellationToken);

    /// <summary>True when a timer was created that <see cref="NextTimerAsync"/> has not returned yet.</summary>
    public bool HasPendingTimer => _created.Reader.Count > 0;

    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            _now += by;
            due = _timers.Where(t => t.DueAt <= _now).ToList();
            foreach (var timer in due)
            {
                timer.Fired(_now);
            }

            _timers.RemoveAll(t => t.DueAt is null);
        }

        foreach (var timer in due)
        {
            timer.Invoke();
        }
    }

    private void Schedule(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (timer.DueAt is not null)
            {
                _timers.Add(timer);
            }
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetUtcNow() + dueTime;
            owner.Schedule(this);
            return true;
        }

        public void Fired(DateTimeOffset now) =>
            DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : now + _period;

        public void Invoke() => callback(state);

        public void Dispose()
        {
            DueAt = null;
            owner.Schedule(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
