namespace CardBridge.HardwareSim.Centre;

/// <summary>How the simulated centre is set up.</summary>
public sealed class SimulatedCentreOptions
{
    /// <summary>The loopback port to listen on; 0 picks a free one (read it from <see cref="SimulatedCentre.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>The share of a bill the pooled fund pays, in basis points (6000 = 60 %); the account pays the rest as far as it can, then the person.</summary>
    public int PoolShareBasisPoints { get; init; } = 6000;

    /// <summary>The insured people the centre knows.</summary>
    public IReadOnlyList<CentrePerson> People { get; init; } = CentrePerson.Defaults;

    /// <summary>The answer body of <see cref="CentreFault.MalformedJson"/> when the rule gives none.</summary>
    internal static ReadOnlyMemory<byte> TruncatedEnvelope { get; } = "{\"infcode\":0,\"output\":{\"setlinfo\":{"u8.ToArray();
}
