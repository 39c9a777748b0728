using CardBridge.Simulation.Cards;

namespace CardBridge.Cards.Tests.Recognition;

/// <summary>A card that is not a social security card: it answers every command with the same bytes.</summary>
internal sealed class ForeignCard(string answerHex, string atrHex = "3B8F8001804F0CA000000306030001000000006A") : ISimulatedCard
{
    public ReadOnlyMemory<byte> Atr { get; } = Convert.FromHexString(atrHex);

    public CardFaults Faults { get; } = new();

    public int CommandCount { get; private set; }

    public void Reset()
    {
    }

    public SimulatedReply Process(ReadOnlySpan<byte> command)
    {
        CommandCount++;
        return SimulatedReply.Answer(Convert.FromHexString(answerHex));
    }
}
