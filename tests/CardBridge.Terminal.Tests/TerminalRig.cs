using CardBridge.Simulation.Readers;

namespace CardBridge.Terminal.Tests;

/// <summary>A terminal over an in-process reader bank, with one event subscription taken before it starts.</summary>
internal sealed class TerminalRig : IAsyncDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    private readonly IAsyncEnumerator<TerminalEvent> _events;

    private TerminalRig(SimulatedReaderBank bank, CountingConnector connector, CardTerminal terminal)
    {
        Bank = bank;
        Connector = connector;
        Terminal = terminal;
        _events = terminal.WatchAsync(CancellationToken.None).GetAsyncEnumerator();
        terminal.Start();
    }

    public SimulatedReaderBank Bank { get; }

    public CountingConnector Connector { get; }

    public CardTerminal Terminal { get; }

    /// <summary>Every event seen so far, in order.</summary>
    public List<TerminalEvent> Seen { get; } = [];

    public static TerminalRig Start(CardTerminalOptions? options = null, params string[] readers)
    {
        var bank = NewBank(readers.Length == 0 ? ["Sim 0"] : readers);
        return Start(bank, new CountingConnector(bank), options);
    }

    /// <summary>Starts a terminal over <paramref name="bank"/> through <paramref name="connector"/>, which the options may use too.</summary>
    public static TerminalRig Start(SimulatedReaderBank bank, CountingConnector connector, CardTerminalOptions? options) =>
        new(bank, connector, new CardTerminal(bank, connector, options));

    /// <summary>A bank of empty <paramref name="readers"/> whose mute cards time out quickly.</summary>
    public static SimulatedReaderBank NewBank(params string[] readers) =>
        new(readers, responseTimeout: TimeSpan.FromMilliseconds(50));

    /// <summary>Waits for the next event of type <typeparamref name="T"/> that matches, keeping every event seen.</summary>
    public async Task<T> NextAsync<T>(Func<T, bool>? match = null) where T : TerminalEvent
    {
        while (true)
        {
            var more = await _events.MoveNextAsync().AsTask().WaitAsync(EventTimeout);
            Assert.True(more, "the event stream ended");
            Seen.Add(_events.Current);
            if (_events.Current is T wanted && (match is null || match(wanted)))
            {
                return wanted;
            }
        }
    }

    public async Task<CardSession> InsertAsync(string reader, CardBridge.Simulation.Cards.ISimulatedCard card)
    {
        Bank.Insert(reader, card);
        return (await NextAsync<SessionReadyEvent>(e => e.Session.Reader == reader)).Session;
    }

    public async ValueTask DisposeAsync()
    {
        await Terminal.DisposeAsync();
        await _events.DisposeAsync();
    }
}
