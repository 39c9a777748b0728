namespace CardBridge.Transit.Eligibility;

/// <summary>
/// The free-ride and hot-list rules (DESIGN §10), pure: the same facts, lists, instant and policy give the same answer.
/// In order:
/// <list type="number">
/// <item>A rider on the hot list is refused — also when the hot list is older than its maximum age (refusing on an
/// old list only errs towards the list's last known state; the decision names it stale so the gate can alarm).</item>
/// <item>A rider whose age on the local date of <c>instant</c> in the policy's zone is at least the free age rides
/// free (<see cref="AgeOn"/>: the birthday counts, a 29 February birthday is 1 March in non-leap years).</item>
/// <item>A rider on a free category list rides free — but only while that list is no older than its maximum age: a
/// stale list grants nothing (entitlements may have been withdrawn since), the rider pays as anybody else, and the
/// decision names the list stale.</item>
/// <item>Everybody else pays.</item>
/// </list>
/// </summary>
public static class EligibilityRules
{
    /// <summary>Applies the rules.</summary>
    public static Eligibility Evaluate(RiderFacts facts, RiderLists lists, DateTimeOffset instant, EligibilityPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(policy);
        var stale = new List<string>();
        if (lists.Hot is { } hot)
        {
            if (hot.IsStale(instant, policy.HotListMaxAge))
            {
                stale.Add(hot.Name);
            }
            if (hot.ContainsAny(facts.Keys))
            {
                return new Eligibility(EligibilityVerdict.HotListed, null, null, stale);
            }
        }
        if (policy.FreeAge is { } freeAge && facts.BirthDate is { } birthDate
            && AgeOn(birthDate, LocalDate(instant, policy.TimeZone)) >= freeAge)
        {
            return new Eligibility(EligibilityVerdict.Free, FreeRideReason.Age, null, stale);
        }
        foreach (var category in policy.FreeCategories)
        {
            if (!lists.Categories.TryGetValue(category, out var list) || !list.ContainsAny(facts.Keys))
            {
                continue;
            }
            if (list.IsStale(instant, policy.CategoryListMaxAge))
            {
                stale.Add(list.Name);
                continue;
            }
            return new Eligibility(EligibilityVerdict.Free, FreeRideReason.Category, list.Name, stale);
        }
        return new Eligibility(EligibilityVerdict.Pays, null, null, stale);
    }

    /// <summary>The calendar date of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    /// <summary>
    /// Age in whole years on <paramref name="date"/>: a year is completed on the birthday itself. Someone born on
    /// 29 February completes the year on 1 March in non-leap years (the day after 28 February, the first day the
    /// full year has passed) and on 29 February in leap years.
    /// </summary>
    public static int AgeOn(DateOnly birthDate, DateOnly date)
    {
        var age = date.Year - birthDate.Year;
        return date < BirthdayIn(birthDate, date.Year) ? age - 1 : age;
    }

    private static DateOnly BirthdayIn(DateOnly birthDate, int year) =>
        birthDate is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 3, 1)
            : new DateOnly(year, birthDate.Month, birthDate.Day);
}
