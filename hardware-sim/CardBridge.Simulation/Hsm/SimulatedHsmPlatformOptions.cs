namespace CardBridge.Simulation.Hsm;

/// <summary>How the simulated HSM platform is set up.</summary>
public sealed class SimulatedHsmPlatformOptions
{
    /// <summary>The loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>How long <see cref="HsmPlatformFault.Slow"/> holds a request when the fault gives no delay.</summary>
    public TimeSpan DefaultSlowDelay { get; init; } = TimeSpan.FromSeconds(5);
}
