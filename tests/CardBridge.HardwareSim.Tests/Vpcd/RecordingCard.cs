using System.Collections.Concurrent;
using CardBridge.Simulation.Cards;

namespace CardBridge.HardwareSim.Tests.Vpcd;

/// <summary>
/// A card that answers every command with the command itself followed by 9000 (or the forced status word),
/// honours the mute, delay and removal switches, and records what it was asked.
/// </summary>
internal sealed class RecordingCard : ISimulatedCard
{
    public static readonly byte[] TestAtr = Convert.FromHexString("3B8F8001804F0CA000000306030001000000006A");

    private int _resets;

    public ReadOnlyMemory<byte> Atr => TestAtr;

    public CardFaults Faults { get; } = new();

    public int Resets => Volatile.Read(ref _resets);

    public ConcurrentQueue<byte[]> Commands { get; } = new();

    /// <summary>When set, the card answers this instead of the echo.</summary>
    public byte[]? FixedAnswer { get; set; }

    public void Reset() => Interlocked.Increment(ref _resets);

    public SimulatedReply Process(ReadOnlySpan<byte> command)
    {
        Commands.Enqueue(command.ToArray());
        if (Faults.TakeRemoval())
        {
            return new SimulatedReply(SimulatedReplyKind.Removed, [], TimeSpan.Zero);
        }

        if (Faults.Mute)
        {
            return new SimulatedReply(SimulatedReplyKind.Mute, [], TimeSpan.Zero);
        }

        var sw = Faults.ForcedStatusWordFor(command[1]);
        byte[] answer = FixedAnswer
            ?? (sw is { } forced ? [(byte)(forced >> 8), (byte)forced] : [.. command, 0x90, 0x00]);
        return new SimulatedReply(SimulatedReplyKind.Answer, answer, Faults.Delay);
    }
}
