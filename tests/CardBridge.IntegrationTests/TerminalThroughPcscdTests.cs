using CardBridge.HardwareSim.Vpcd;
using CardBridge.Simulation.Profiles;
using CardBridge.Terminal;

namespace CardBridge.IntegrationTests;

/// <summary>The card terminal over the real reader monitor and PC/SC connector → pcscd → vpcd → a simulated card.</summary>
[Collection("pcscd")]
[Trait("Category", "Integration")]
public sealed class TerminalThroughPcscdTests
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Inserted_card_becomes_a_pre_read_session_that_ends_when_the_card_is_pulled()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var readers = new PcscReaders(TimeProvider.System);
        await using var terminal = new CardTerminal(readers, readers);
        await using var events = terminal.WatchAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        terminal.Start();

        var inserted = await PcscdFixture.InsertAsync(SimCard.SecondGen().Build(), VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        CardSession session;
        try
        {
            session = (await NextAsync<SessionReadyEvent>(events, e => e.Session.Reader == PcscdFixture.FirstReader)).Session;
            Assert.Equal("测试乙", session.Identity!.Holder!.Name);
            Assert.Equal("SIM000002", session.Identity.Card.CardNumber);
            Assert.Same(session, terminal.GetSession(session.Id));
        }
        finally
        {
            await inserted.DisposeAsync();
        }

        var removed = await NextAsync<CardRemovedEvent>(events, e => e.Reader == PcscdFixture.FirstReader);
        Assert.Equal(session.Id, removed.SessionId);
        Assert.Throws<SessionEndedException>(() => terminal.GetSession(session.Id));
    }

    private static async Task<T> NextAsync<T>(IAsyncEnumerator<TerminalEvent> events, Func<T, bool> match) where T : TerminalEvent
    {
        while (true)
        {
            Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(EventTimeout), "the event stream ended");
            if (events.Current is T wanted && match(wanted))
            {
                return wanted;
            }
        }
    }
}
