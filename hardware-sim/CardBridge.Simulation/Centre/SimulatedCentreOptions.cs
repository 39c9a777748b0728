using System.Security.Cryptography;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Centre;

/// <summary>How the simulated centre is set up.</summary>
public sealed class SimulatedCentreOptions
{
    /// <summary>The loopback port to listen on; 0 picks a free one (read it from <see cref="SimulatedCentre.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>The share of a bill the pooled fund pays, in basis points (6000 = 60 %); the account pays the rest as far as it can, then the person.</summary>
    public int PoolShareBasisPoints { get; init; } = 6000;

    /// <summary>
    /// The settlement rules of each insured area; an area not listed pays <see cref="PoolShareBasisPoints"/> with no
    /// deductible and no ceiling. By default the cross-region area (<see cref="CentrePerson.CrossRegionArea"/>) has
    /// <see cref="AreaRules.CrossRegion"/>.
    /// </summary>
    public IReadOnlyDictionary<string, AreaRules> Areas { get; init; } =
        new Dictionary<string, AreaRules>(StringComparer.Ordinal) { [CentrePerson.CrossRegionArea] = AreaRules.CrossRegion };

    /// <summary>The insured people the centre knows.</summary>
    public IReadOnlyList<CentrePerson> People { get; init; } = CentrePerson.Defaults;

    /// <summary>
    /// The key the published rider lists are keyed with (at least 32 bytes); by default the simulator's FAKE list key,
    /// SHA-256 of <c>cardbridge simulator FAKE rider list key</c> — the key a service in simulator mode uses.
    /// </summary>
    public ReadOnlyMemory<byte> RiderListKey { get; init; } = FakeRiderListKey;

    /// <summary>The riders whose cards are on the published lists (by <see cref="TransitRider.List"/>); the simulator's transit riders by default.</summary>
    public IReadOnlyList<TransitRider> Riders { get; init; } = TransitRiders.All;

    /// <summary>The simulator's FAKE rider list key (never a real deployment's).</summary>
    public static ReadOnlyMemory<byte> FakeRiderListKey { get; } = SHA256.HashData("cardbridge simulator FAKE rider list key"u8);

    /// <summary>The answer body of <see cref="CentreFault.MalformedJson"/> when the rule gives none.</summary>
    internal static ReadOnlyMemory<byte> TruncatedEnvelope { get; } = "{\"infcode\":0,\"output\":{\"setlinfo\":{"u8.ToArray();
}
