using CardBridge.Simulation.Cards;

namespace CardBridge.Service.Tests.Api;

/// <summary>
/// A simulated card that remembers every command it processed, in order, and lets a test await the moment the
/// card has processed a command with a given instruction (its persistent state, e.g. the PIN counter, already
/// changed; the answer, with any delay fault, still to come).
/// </summary>
internal sealed class RecordingCard(ISimulatedCard inner) : ISimulatedCard
{
    private readonly Lock _gate = new();
    private readonly List<byte[]> _commands = [];
    private readonly List<(byte Ins, TaskCompletionSource Seen)> _waiters = [];
    private readonly Dictionary<byte, TimeSpan> _slow = [];

    public ReadOnlyMemory<byte> Atr => inner.Atr;

    public CardFaults Faults => inner.Faults;

    public int CommandCount
    {
        get { lock (_gate) { return _commands.Count; } }
    }

    /// <summary>The instruction bytes of the commands processed since the <paramref name="first"/>-th.</summary>
    public IReadOnlyList<byte> InstructionsSince(int first)
    {
        lock (_gate)
        {
            return [.. _commands.Skip(first).Select(c => c[1])];
        }
    }

    /// <summary>Completes once the card has processed the next command with instruction <paramref name="ins"/>.</summary>
    public Task Processed(byte ins)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((ins, seen));
        }
        return seen.Task;
    }

    /// <summary>Makes the card take <paramref name="delay"/> longer to answer commands with instruction <paramref name="ins"/> (zero: no longer).</summary>
    public void SlowDown(byte ins, TimeSpan delay)
    {
        lock (_gate)
        {
            _slow[ins] = delay;
        }
    }

    public void Reset() => inner.Reset();

    public SimulatedReply Process(ReadOnlySpan<byte> command)
    {
        var reply = inner.Process(command);
        var copy = command.ToArray();
        lock (_gate)
        {
            if (copy.Length > 1 && _slow.TryGetValue(copy[1], out var extra) && reply.Kind == SimulatedReplyKind.Answer)
            {
                reply = reply with { Delay = reply.Delay + extra };
            }
            _commands.Add(copy);
            foreach (var waiter in _waiters.Where(w => copy.Length > 1 && w.Ins == copy[1]).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult();
            }
        }
        return reply;
    }
}
