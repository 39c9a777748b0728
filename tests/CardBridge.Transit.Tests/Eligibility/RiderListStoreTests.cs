using System.Collections.Frozen;
using System.Text;
using CardBridge.Transit.Eligibility;

namespace CardBridge.Transit.Tests.Eligibility;

public sealed class RiderListStoreTests : IDisposable
{
    private static readonly RiderKeys Keys = new(new byte[32]);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cardbridge-lists-" + Guid.NewGuid().ToString("N"));

    private string ListPath => Path.Combine(_directory, "lists.json");

    private static byte[] Document(string version, params string[] hotCards) => RiderLists.Of([
        new RiderList(RiderLists.HotListName, version, new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.FromHours(8)),
            hotCards.Select(Keys.Card).ToFrozenSet()),
    ]).ToJson();

    [Fact]
    public async Task A_missing_file_opens_as_no_lists()
    {
        using var store = await RiderListStore.OpenAsync(ListPath, CancellationToken.None);

        Assert.Null(store.Current.Hot);
        Assert.Empty(store.Current.Categories);
    }

    [Fact]
    public async Task Sync_replaces_the_lists_and_survives_reopening()
    {
        using (var store = await RiderListStore.OpenAsync(ListPath, CancellationToken.None))
        {
            await store.SyncAsync(Document("v1", "SIMHOT001"), CancellationToken.None);
            await store.SyncAsync(Document("v2", "SIMHOT002"), CancellationToken.None);

            Assert.Equal("v2", store.Current.Hot!.Version);
        }
        using var reopened = await RiderListStore.OpenAsync(ListPath, CancellationToken.None);

        Assert.Equal("v2", reopened.Current.Hot!.Version);
        Assert.True(reopened.Current.Hot.ContainsAny([Keys.Card("SIMHOT002")]));
        Assert.False(reopened.Current.Hot.ContainsAny([Keys.Card("SIMHOT001")]));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"lists":[{"name":"hot","version":"v9","syncedAt":"2026-11-28T00:00:00Z","entries":["SIMHOT001"]}]}""")]
    [InlineData("""{"lists":[{"name":"hot","version":"v9","entries":[]}]}""")]
    [InlineData("""{"lists":[{"name":"veteran","version":"1","syncedAt":"2026-11-28T00:00:00Z","entries":[]},{"name":"Veteran","version":"1","syncedAt":"2026-11-28T00:00:00Z","entries":[]}]}""")]
    public async Task A_bad_document_is_refused_and_the_lists_in_use_stay(string json)
    {
        using var store = await RiderListStore.OpenAsync(ListPath, CancellationToken.None);
        await store.SyncAsync(Document("v1", "SIMHOT001"), CancellationToken.None);

        await Assert.ThrowsAsync<RiderListException>(() => store.SyncAsync(Encoding.UTF8.GetBytes(json), CancellationToken.None));

        Assert.Equal("v1", store.Current.Hot!.Version);
        using var reopened = await RiderListStore.OpenAsync(ListPath, CancellationToken.None);
        Assert.Equal("v1", reopened.Current.Hot!.Version);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
