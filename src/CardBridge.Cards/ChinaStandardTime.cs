namespace CardBridge.Cards;

/// <summary>
/// China Standard Time: UTC+8 all year (no daylight saving since 1991). The card's records carry it (DF04 EF08 holds
/// local date and time), and so do the insurance centre's envelope and message ids and the day the offline caps count
/// in; it is defined here, in the lowest layer whose data is in it, and only here.
/// </summary>
public static class ChinaStandardTime
{
    /// <summary>The offset from UTC.</summary>
    public static TimeSpan Offset { get; } = TimeSpan.FromHours(8);

    /// <summary>The same instant as China Standard Time.</summary>
    public static DateTimeOffset Of(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>Midnight China Standard Time that begins the day <paramref name="instant"/> falls in.</summary>
    public static DateTimeOffset DayStart(DateTimeOffset instant) => new(Of(instant).Date, Offset);
}
