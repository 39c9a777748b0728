namespace CardBridge.Settlement.Tests.Centre;

/// <summary>A clock the test moves by hand; timers and delays still run on real time.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = new(2025, 3, 1, 9, 30, 0, TimeSpan.FromHours(8));

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now.ToUniversalTime();
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
