namespace CardBridge.Simulation.Qr.Platform;

/// <summary>How the simulated QR platform is set up.</summary>
public sealed class SimulatedQrPlatformOptions
{
    /// <summary>The loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The holders codes can be issued for; null reads them from the card profiles.</summary>
    public IReadOnlyList<QrPlatformHolder>? Holders { get; init; }

    /// <summary>How long <see cref="QrPlatformFault.Slow"/> holds a call when the fault gives no delay.</summary>
    public TimeSpan DefaultSlowDelay { get; init; } = TimeSpan.FromSeconds(5);
}
