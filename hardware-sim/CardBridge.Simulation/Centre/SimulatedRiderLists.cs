using System.Collections.Frozen;
using CardBridge.Simulation.Profiles;
using CardBridge.Transit.Eligibility;

namespace CardBridge.Simulation.Centre;

/// <summary>
/// The simulator's rider lists as a fare gate holds them: the transit riders on their lists (the hot list, the free
/// category lists), keyed with the FAKE list key (<see cref="SimulatedCentreOptions.FakeRiderListKey"/>), version
/// <c>simulator</c>. A service in simulator mode starts its gate on these; a sync with the simulated centre then
/// replaces them with the centre's versions.
/// </summary>
public static class SimulatedRiderLists
{
    /// <summary>The list version of every list here.</summary>
    public const string Version = "simulator";

    /// <summary>The FAKE list key as a gate is configured with it (base64).</summary>
    public static string FakeListKey { get; } = Convert.ToBase64String(SimulatedCentreOptions.FakeRiderListKey.Span);

    /// <summary>The lists, synced at <paramref name="syncedAt"/>.</summary>
    /// <exception cref="CardProfileException">A rider profile cannot be read.</exception>
    public static RiderLists At(DateTimeOffset syncedAt)
    {
        var keys = new RiderKeys(SimulatedCentreOptions.FakeRiderListKey.Span);
        return RiderLists.Of(TransitRiders.All.Where(r => r.List is not null).GroupBy(r => r.List!).Select(list =>
            new RiderList(list.Key, Version, syncedAt, list.Select(r => keys.Card(r.CardNumber)).ToFrozenSet())));
    }
}
