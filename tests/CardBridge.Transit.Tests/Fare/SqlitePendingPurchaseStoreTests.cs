using CardBridge.Cards.Transit;
using CardBridge.Transit.Fare;

namespace CardBridge.Transit.Tests.Fare;

public sealed class SqlitePendingPurchaseStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cardbridge-pending-" + Guid.NewGuid().ToString("N"));

    private string StorePath => Path.Combine(_directory, "pending.db");

    private static PendingPurchase Purchase(uint amountFen = 200) => new(
        "9900010000000014", 7, amountFen, 5000, Convert.FromHexString("999900000001"), 42, new DateTime(2026, 11, 29, 9, 0, 0));

    [Fact]
    public async Task A_saved_purchase_is_found_after_reopening_with_every_field()
    {
        using (var store = await SqlitePendingPurchaseStore.OpenAsync(StorePath, CancellationToken.None))
        {
            await store.SaveAsync(Purchase(), CancellationToken.None);
        }
        using var reopened = await SqlitePendingPurchaseStore.OpenAsync(StorePath, CancellationToken.None);

        var found = await reopened.FindAsync("9900010000000014", CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal((ushort)7, found.OfflineCounter);
        Assert.Equal(200u, found.AmountFen);
        Assert.Equal(5000u, found.BalanceBeforeFen);
        Assert.Equal(Convert.FromHexString("999900000001"), found.TerminalId.ToArray());
        Assert.Equal(42u, found.TerminalSequence);
        Assert.Equal(new DateTime(2026, 11, 29, 9, 0, 0), found.Time);
    }

    [Fact]
    public async Task Saving_again_replaces_and_removing_forgets_across_reopen()
    {
        using (var store = await SqlitePendingPurchaseStore.OpenAsync(StorePath, CancellationToken.None))
        {
            await store.SaveAsync(Purchase(200), CancellationToken.None);
            await store.SaveAsync(Purchase(350), CancellationToken.None);
            Assert.Equal(350u, (await store.FindAsync("9900010000000014", CancellationToken.None))!.AmountFen);
            await store.RemoveAsync("9900010000000014", CancellationToken.None);
        }
        using var reopened = await SqlitePendingPurchaseStore.OpenAsync(StorePath, CancellationToken.None);

        Assert.Null(await reopened.FindAsync("9900010000000014", CancellationToken.None));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
