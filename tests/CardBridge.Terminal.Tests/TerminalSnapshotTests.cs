using CardBridge.Simulation.Profiles;

namespace CardBridge.Terminal.Tests;

public sealed class TerminalSnapshotTests
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Watching_from_now_starts_with_every_reader_and_every_pre_read_card_exactly_once()
    {
        await using var rig = TerminalRig.Start(null, "Sim 0", "Sim 1");
        await rig.NextAsync<ReaderAttachedEvent>(e => e.Reader == "Sim 1");
        var card = SimCard.SecondGen().Build();
        var session = await rig.InsertAsync("Sim 1", card);

        using var stop = new CancellationTokenSource();
        await using var events = rig.Terminal.WatchFromNowAsync(stop.Token).GetAsyncEnumerator();
        var first = new List<TerminalEvent>();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(EventTimeout));
            first.Add(events.Current);
        }

        Assert.Equal(new ReaderAttachedEvent("Sim 0"), first[0]);
        Assert.Equal(new ReaderAttachedEvent("Sim 1"), first[1]);
        var inserted = Assert.IsType<CardInsertedEvent>(first[2]);
        Assert.Equal(card.Atr.ToArray(), inserted.Atr.ToArray());
        Assert.Same(session, Assert.IsType<SessionReadyEvent>(first[3]).Session);

        rig.Bank.Remove("Sim 1");
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(EventTimeout));
        Assert.Equal(new CardRemovedEvent("Sim 1", session.Id), events.Current);
    }

    [Fact]
    public async Task Excluded_reader_is_neither_claimed_nor_reported()
    {
        var options = new CardTerminalOptions { ExcludedReaders = new HashSet<string>(StringComparer.Ordinal) { "PSAM" } };
        await using var rig = TerminalRig.Start(options, "PSAM", "Sim 0");
        rig.Bank.Insert("PSAM", SimCard.Psam().Build());
        var session = await rig.InsertAsync("Sim 0", SimCard.SecondGen().Build());

        Assert.Equal([new ReaderInfo("Sim 0", true, session.Id)], rig.Terminal.Readers);
        Assert.DoesNotContain(rig.Seen, e => e is ReaderAttachedEvent { Reader: "PSAM" } or CardInsertedEvent { Reader: "PSAM" });
        Assert.DoesNotContain("PSAM", rig.Connector.ConnectedReaders);
    }
}
