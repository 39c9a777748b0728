using System.Diagnostics.CodeAnalysis;

namespace CardBridge.Terminal;

/// <summary>One stay of one card in a reader: cancelled the moment the card, its reader or the service goes.</summary>
[SuppressMessage("Design", "CA1001", Justification = "a CancellationTokenSource without a timer holds nothing to release, and queued work still reads Gone after the stay ends")]
internal sealed class CardPresence(ReadOnlyMemory<byte> atr)
{
    private readonly CancellationTokenSource _gone = new();

    public ReadOnlyMemory<byte> Atr { get; } = atr;

    /// <summary>When the monitor reported the card (a Stopwatch timestamp), where the arrival's timing starts.</summary>
    public long ReportedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public CancellationToken Gone => _gone.Token;

    /// <summary>The session once pre-read; guarded by the terminal's lock.</summary>
    public CardSession? Session { get; set; }

    public void End() => _gone.Cancel();
}
