namespace CardBridge.Qr.Tests.Platform;

/// <summary>A clock that only moves when told; timers still run on the system clock.</summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
        }
    }
}
