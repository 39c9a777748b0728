namespace CardBridge.Cards.Tests.Identity;

/// <summary>A clock standing still at noon of one day, in UTC.</summary>
internal sealed class FixedTime(DateOnly today) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
