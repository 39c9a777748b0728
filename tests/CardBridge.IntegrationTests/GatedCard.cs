using CardBridge.Simulation.Cards;

namespace CardBridge.IntegrationTests;

/// <summary>
/// Passes everything to a card but answers its <paramref name="held"/>-th command (counting from 1) only after
/// <paramref name="hold"/>: the reader's transmit is then in flight for that long, the moment a test pulls pcscd away.
/// The bridge waits out the delay asynchronously, so no thread is blocked meanwhile.
/// </summary>
internal sealed class GatedCard(ISimulatedCard inner, int held, TimeSpan hold) : ISimulatedCard
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    /// <summary>Completes when the held command has reached the card.</summary>
    public Task Reached => _reached.Task;

    public ReadOnlyMemory<byte> Atr => inner.Atr;

    public CardFaults Faults => inner.Faults;

    public void Reset() => inner.Reset();

    public SimulatedReply Process(ReadOnlySpan<byte> command)
    {
        var reply = inner.Process(command);
        if (Interlocked.Increment(ref _count) != held)
        {
            return reply;
        }
        _reached.TrySetResult();
        return reply with { Delay = reply.Delay + hold };
    }
}
