using System.Threading.Channels;

namespace CardBridge.Qr.Tests.Sources;

/// <summary>A clock whose timers fire only when the test fires them; every timer created is handed to the test.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Channel<ManualTimer> _timers = Channel.CreateUnbounded<ManualTimer>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(callback, state, dueTime);
        _timers.Writer.TryWrite(timer);
        return timer;
    }

    public async Task<ManualTimer> NextTimerAsync() => await _timers.Reader.ReadAsync().AsTask().WaitAsync(SourceProbe.Timeout);

    internal sealed class ManualTimer(TimerCallback callback, object? state, TimeSpan dueTime) : ITimer
    {
        public TimeSpan DueTime { get; private set; } = dueTime;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            DueTime = dueTime;
            return true;
        }

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
