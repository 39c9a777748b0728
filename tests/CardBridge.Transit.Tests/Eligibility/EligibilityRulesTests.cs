using System.Collections.Frozen;
using CardBridge.Transit.Eligibility;

namespace CardBridge.Transit.Tests.Eligibility;

public sealed class EligibilityRulesTests
{
    private static readonly RiderKeys Keys = new(new byte[32]);
    private static readonly DateTimeOffset SyncedAt = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
    private static readonly EligibilityPolicy Policy = new TransitOptions
    {
        ListsPath = "lists.json",
        PendingPurchasesPath = "pending.db",
        ListKey = Convert.ToBase64String(new byte[32]),
    }.ToPolicy();

    private static RiderLists Lists(DateTimeOffset? syncedAt = null) => RiderLists.Of([
        List(RiderLists.HotListName, syncedAt, "SIMHOT001"),
        List("disabled", syncedAt, "SIMDIS001"),
        List("veteran", syncedAt, "SIMVET001"),
        List("students", syncedAt, "SIMSTU001"),
    ]);

    private static RiderList List(string name, DateTimeOffset? syncedAt, string card) =>
        new(name, "v1", syncedAt ?? SyncedAt, new[] { Keys.Card(card) }.ToFrozenSet());

    private static RiderFacts Card(string card, DateOnly? birthDate = null) => new(birthDate, [Keys.Card(card)]);

    private static DateTimeOffset Utc(int y, int m, int d, int h = 12, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.Zero);

    public static TheoryData<string, string, DateOnly?, DateTimeOffset, EligibilityVerdict, FreeRideReason?> Cases => new()
    {
        // name, card, birth date, tap instant (UTC), verdict, free reason
        { "ordinary adult pays", "SIMORD001", new DateOnly(1990, 1, 1), Utc(2026, 11, 29), EligibilityVerdict.Pays, null },
        { "65th birthday on the tap date is free", "SIMORD001", new DateOnly(1961, 11, 29), Utc(2026, 11, 29), EligibilityVerdict.Free, FreeRideReason.Age },
        { "day before the 65th birthday pays", "SIMORD001", new DateOnly(1961, 11, 30), Utc(2026, 11, 29), EligibilityVerdict.Pays, null },
        { "older than 65 is free", "SIMORD001", new DateOnly(1950, 6, 1), Utc(2026, 11, 29), EligibilityVerdict.Free, FreeRideReason.Age },
        { "23:30 UTC the day before the birthday is the birthday in Beijing", "SIMORD001", new DateOnly(1961, 11, 30), Utc(2026, 11, 29, 23, 30), EligibilityVerdict.Free, FreeRideReason.Age },
        { "15:59 UTC the day before the birthday is still the day before in Beijing", "SIMORD001", new DateOnly(1961, 11, 30), Utc(2026, 11, 29, 15, 59), EligibilityVerdict.Pays, null },
        { "16:00 UTC the day before the birthday is midnight of the birthday in Beijing", "SIMORD001", new DateOnly(1961, 11, 30), Utc(2026, 11, 29, 16, 0), EligibilityVerdict.Free, FreeRideReason.Age },
        { "leap-day birthday on 28 Feb of a non-leap year pays", "SIMORD001", new DateOnly(1960, 2, 29), Utc(2025, 2, 28), EligibilityVerdict.Pays, null },
        { "leap-day birthday is reached on 1 Mar of a non-leap year", "SIMORD001", new DateOnly(1960, 2, 29), Utc(2025, 3, 1), EligibilityVerdict.Free, FreeRideReason.Age },
        { "disabled list rider is free", "SIMDIS001", new DateOnly(1990, 1, 1), Utc(2026, 11, 29), EligibilityVerdict.Free, FreeRideReason.Category },
        { "veteran list rider is free", "SIMVET001", new DateOnly(1990, 1, 1), Utc(2026, 11, 29), EligibilityVerdict.Free, FreeRideReason.Category },
        { "a list not configured free grants nothing", "SIMSTU001", new DateOnly(1990, 1, 1), Utc(2026, 11, 29), EligibilityVerdict.Pays, null },
        { "hot list beats age", "SIMHOT001", new DateOnly(1940, 1, 1), Utc(2026, 11, 29), EligibilityVerdict.HotListed, null },
        { "unknown birth date pays", "SIMORD001", null, Utc(2026, 11, 29), EligibilityVerdict.Pays, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rules_decide_the_table(string name, string card, DateOnly? birthDate, DateTimeOffset instant, EligibilityVerdict verdict, FreeRideReason? reason)
    {
        var result = EligibilityRules.Evaluate(Card(card, birthDate), Lists(), instant, Policy);

        Assert.True(verdict == result.Verdict, name);
        Assert.Equal(reason, result.FreeReason);
    }

    [Fact]
    public void A_stale_category_list_grants_no_free_ride_and_is_named()
    {
        var lists = Lists(SyncedAt - TimeSpan.FromDays(8));

        var result = EligibilityRules.Evaluate(Card("SIMDIS001"), lists, SyncedAt, Policy);

        Assert.Equal(EligibilityVerdict.Pays, result.Verdict);
        Assert.Contains("disabled", result.StaleLists);
    }

    [Fact]
    public void A_stale_hot_list_still_refuses_and_is_named()
    {
        var lists = Lists(SyncedAt - TimeSpan.FromDays(2));

        var result = EligibilityRules.Evaluate(Card("SIMHOT001"), lists, SyncedAt, Policy);

        Assert.Equal(EligibilityVerdict.HotListed, result.Verdict);
        Assert.Equal(["hot"], result.StaleLists);
    }

    [Fact]
    public void A_category_list_within_its_max_age_grants_the_free_ride_with_its_name()
    {
        var result = EligibilityRules.Evaluate(Card("SIMVET001"), Lists(SyncedAt - TimeSpan.FromDays(6)), SyncedAt, Policy);

        Assert.Equal(EligibilityVerdict.Free, result.Verdict);
        Assert.Equal("veteran", result.Category);
        Assert.DoesNotContain("veteran", result.StaleLists);
    }

    [Fact]
    public void No_free_age_configured_makes_the_elderly_pay()
    {
        var policy = Policy with { FreeAge = null };

        var result = EligibilityRules.Evaluate(Card("SIMORD001", new DateOnly(1940, 1, 1)), Lists(), SyncedAt, policy);

        Assert.Equal(EligibilityVerdict.Pays, result.Verdict);
    }

    [Fact]
    public void A_rider_listed_by_SSN_only_is_matched()
    {
        var lists = RiderLists.Of([new RiderList("disabled", "v1", SyncedAt, new[] { Keys.Ssn("990001199001010013") }.ToFrozenSet())]);
        var facts = new RiderFacts(null, [Keys.Card("SIMORD001"), Keys.Ssn("990001199001010013")]);

        Assert.Equal(EligibilityVerdict.Free, EligibilityRules.Evaluate(facts, lists, SyncedAt, Policy).Verdict);
    }

    [Theory]
    [InlineData(2026, 11, 29, 65)]
    [InlineData(2026, 11, 28, 64)]
    [InlineData(2027, 11, 28, 65)]
    public void AgeOn_counts_the_birthday_itself(int y, int m, int d, int age) =>
        Assert.Equal(age, EligibilityRules.AgeOn(new DateOnly(1961, 11, 29), new DateOnly(y, m, d)));

    [Theory]
    [InlineData(2024, 2, 28, 63)]
    [InlineData(2024, 2, 29, 64)]
    [InlineData(2025, 2, 28, 64)]
    [InlineData(2025, 3, 1, 65)]
    public void AgeOn_a_leap_day_birthday_completes_on_29_Feb_in_leap_years_and_1_Mar_otherwise(int y, int m, int d, int age) =>
        Assert.Equal(age, EligibilityRules.AgeOn(new DateOnly(1960, 2, 29), new DateOnly(y, m, d)));

    [Fact]
    public void Keys_of_card_SSN_and_account_differ_for_the_same_text_and_hide_it()
    {
        var card = Keys.Card("SIM000001");

        Assert.NotEqual(card, Keys.Account("SIM000001"));
        Assert.NotEqual(card, Keys.Ssn("SIM000001"));
        Assert.DoesNotContain("SIM", card, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(card, new RiderKeys(Enumerable.Repeat((byte)1, 32).ToArray()).Card("SIM000001"));
    }
}
