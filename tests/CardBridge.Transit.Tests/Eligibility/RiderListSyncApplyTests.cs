using System.Collections.Frozen;
using CardBridge.Transit.Eligibility;

namespace CardBridge.Transit.Tests.Eligibility;

/// <summary>A publisher's sync answer applied to the lists in use: replaced, confirmed, untouched, or refused whole.</summary>
public sealed class RiderListSyncApplyTests : IDisposable
{
    private static readonly RiderKeys Keys = new(new byte[32]);
    private static readonly DateTimeOffset Then = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cardbridge-lists-" + Guid.NewGuid().ToString("N"));

    private static RiderLists Held() => RiderLists.Of([
        new RiderList(RiderLists.HotListName, "h1", Then, new[] { Keys.Card("SIMHOT001") }.ToFrozenSet()),
        new RiderList("disabled", "d1", Then, new[] { Keys.Card("SIMDIS001") }.ToFrozenSet()),
        new RiderList("veteran", "v1", Then, new[] { Keys.Card("SIMVET001") }.ToFrozenSet()),
    ]);

    [Fact]
    public void A_changed_list_is_replaced_a_confirmed_one_synced_now_and_one_not_named_left_as_it_was()
    {
        var after = Held().Apply([
            new RiderListChange(RiderLists.HotListName, "h2", [Keys.Card("SIMHOT001"), Keys.Card("SIMORD001")]),
            new RiderListChange("disabled", "d1", null),
        ], Now);

        Assert.Equal(("h2", Now, 2), (after.Hot!.Version, after.Hot.SyncedAt, after.Hot.Entries.Count));
        Assert.True(after.Hot.ContainsAny([Keys.Card("SIMORD001")]));
        Assert.Equal(("d1", Now), (after.Categories["disabled"].Version, after.Categories["disabled"].SyncedAt));
        Assert.True(after.Categories["disabled"].ContainsAny([Keys.Card("SIMDIS001")]));
        Assert.Equal(("v1", Then), (after.Categories["veteran"].Version, after.Categories["veteran"].SyncedAt));
    }

    [Fact]
    public void A_confirmation_makes_a_category_list_that_was_about_to_go_stale_fresh_again()
    {
        var maxAge = TimeSpan.FromDays(7);
        var held = Held();

        var after = held.Apply([new RiderListChange("veteran", "v1", null)], Now);

        Assert.True(held.Categories["veteran"].IsStale(Now, maxAge));
        Assert.False(after.Categories["veteran"].IsStale(Now, maxAge));
    }

    [Fact]
    public void A_new_list_from_the_publisher_is_added()
    {
        var after = RiderLists.Empty.Apply([new RiderListChange("student", "s1", [Keys.Card("SIMSTU001")])], Now);

        Assert.Equal("s1", after.Categories["student"].Version);
    }

    public static TheoryData<RiderListChange[]> BadAnswers => new()
    {
        { [new RiderListChange(RiderLists.HotListName, "h9", null)] },
        { [new RiderListChange("student", "s1", null)] },
        { [new RiderListChange(RiderLists.HotListName, "h2", ["SIMHOT001"])] },
        { [new RiderListChange("disabled", "d2", []), new RiderListChange("DISABLED", "d3", [])] },
        { [new RiderListChange("disabled", "", [])] },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task A_bad_answer_changes_nothing_in_use_or_on_disk(RiderListChange[] answer)
    {
        var path = Path.Combine(_directory, "lists.json");
        using var store = await RiderListStore.OpenAsync(path, CancellationToken.None);
        await store.SyncAsync(Held().ToJson(), CancellationToken.None);

        await Assert.ThrowsAsync<RiderListException>(() => store.UpdateAsync(lists => lists.Apply(answer, Now), CancellationToken.None));

        Assert.Equal(("h1", Then), (store.Current.Hot!.Version, store.Current.Hot.SyncedAt));
        using var reopened = await RiderListStore.OpenAsync(path, CancellationToken.None);
        Assert.Equal(("h1", Then), (reopened.Current.Hot!.Version, reopened.Current.Hot.SyncedAt));
    }

    [Fact]
    public async Task An_update_is_stored_and_used_in_one_swap()
    {
        var path = Path.Combine(_directory, "lists.json");
        using var store = await RiderListStore.OpenAsync(path, CancellationToken.None);
        await store.SyncAsync(Held().ToJson(), CancellationToken.None);

        var (before, after) = await store.UpdateAsync(lists => lists.Apply([
            new RiderListChange(RiderLists.HotListName, "h2", []),
            new RiderListChange("veteran", "v1", null),
        ], Now), CancellationToken.None);

        Assert.Equal("h1", before.Hot!.Version);
        Assert.Same(after, store.Current);
        using var reopened = await RiderListStore.OpenAsync(path, CancellationToken.None);
        Assert.Equal(("h2", 0), (reopened.Current.Hot!.Version, reopened.Current.Hot.Entries.Count));
        Assert.Equal(Now, reopened.Current.Categories["veteran"].SyncedAt);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
