using CardBridge.Service.Credentials;

namespace CardBridge.Service.Tests.Qr;

public sealed class CodeCredentialStoreTests
{
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private static CodeCredentialRecord Credential(DateTimeOffset scannedAt, TimeSpan lifetime) =>
        new(Guid.NewGuid(), "S0", CodeKind.Transit, scannedAt, scannedAt + lifetime, null, null);

    [Fact]
    public void A_credential_is_found_until_its_valid_until_and_not_after()
    {
        var clock = new ManualClock(Start);
        var store = new CodeCredentialStore(clock, capacity: 10);
        var credential = Credential(Start, TimeSpan.FromMinutes(5));
        store.Add(credential);

        clock.Now = Start.AddMinutes(5).AddTicks(-1);
        Assert.True(store.TryGet(credential.Id, out var found));
        Assert.Same(credential, found);

        clock.Now = Start.AddMinutes(5);
        Assert.False(store.TryGet(credential.Id, out _));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void At_capacity_the_oldest_credential_goes_first()
    {
        var store = new CodeCredentialStore(new ManualClock(Start), capacity: 3);
        var credentials = Enumerable.Range(0, 4).Select(i => Credential(Start.AddSeconds(i), TimeSpan.FromMinutes(5))).ToList();

        credentials.ForEach(store.Add);

        Assert.False(store.TryGet(credentials[0].Id, out _));
        Assert.All(credentials.Skip(1), c => Assert.True(store.TryGet(c.Id, out _)));
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public void A_lapsed_credential_behind_a_live_one_is_not_found()
    {
        var clock = new ManualClock(Start);
        var store = new CodeCredentialStore(clock, capacity: 10);
        var longLived = Credential(Start, TimeSpan.FromMinutes(10));
        var shortLived = Credential(Start, TimeSpan.FromMinutes(1));
        store.Add(longLived);
        store.Add(shortLived);

        clock.Now = Start.AddMinutes(2);

        Assert.False(store.TryGet(shortLived.Id, out _));
        Assert.True(store.TryGet(longLived.Id, out _));
    }

    [Fact]
    public void An_unknown_id_is_not_found() =>
        Assert.False(new CodeCredentialStore(new ManualClock(Start), 10).TryGet(Guid.NewGuid(), out _));
}
