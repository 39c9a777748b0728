namespace CardBridge.Simulation.Cards;

/// <summary>
/// A card simulated at the APDU level. Both the in-process transport and the vpcd bridge drive cards
/// through this interface, so every fault a card can show is expressed in its reply, not in exceptions.
/// Implementations are thread-safe: fault switches may be flipped while a reader is using the card.
/// </summary>
public interface ISimulatedCard
{
    /// <summary>The answer to reset the card gives on power-up.</summary>
    ReadOnlyMemory<byte> Atr { get; }

    /// <summary>The card's fault injection switches; <see cref="Process"/> honours them.</summary>
    CardFaults Faults { get; }

    /// <summary>Cold or warm reset: security state and current file are cleared; persistent data (PIN counter, records) stays.</summary>
    void Reset();

    /// <summary>Processes one command APDU (raw bytes as the reader sent them).</summary>
    SimulatedReply Process(ReadOnlySpan<byte> command);
}

/// <summary>How the card reacts to one command.</summary>
public enum SimulatedReplyKind
{
    /// <summary>The card answers with <see cref="SimulatedReply.Response"/> after <see cref="SimulatedReply.Delay"/>.</summary>
    Answer,

    /// <summary>The card never answers this command.</summary>
    Mute,

    /// <summary>The card leaves the reader while processing this command, without answering.</summary>
    Removed,
}

/// <summary>The card's reaction to one command.</summary>
public readonly record struct SimulatedReply(SimulatedReplyKind Kind, byte[] Response, TimeSpan Delay)
{
    /// <summary>An immediate answer.</summary>
    public static SimulatedReply Answer(byte[] response) => new(SimulatedReplyKind.Answer, response, TimeSpan.Zero);
}
