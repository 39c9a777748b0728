namespace CardBridge.Tests.Shared;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public static ManualTime At2026() => new(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(8)));

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
