using CardBridge.Simulation.Centre;
using CardBridge.Transit;
using CardBridge.Transit.Eligibility;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Simulation;

/// <summary>
/// Puts the simulator's rider lists in the gate's list file before the gate opens it, when the gate holds the
/// simulator's FAKE list key (no <c>Transit:ListKey</c> configured): in simulator mode the service is a gate on the
/// simulator's riders from its first tap. Registered before the gate, so it starts first.
/// </summary>
internal sealed class SimulatedRiderListSeed(IOptions<TransitOptions> transit, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = transit.Value;
        if (options.ListKey != SimulatedRiderLists.FakeListKey)
        {
            return;
        }
        using var lists = await RiderListStore.OpenAsync(options.ListsPath, cancellationToken);
        await lists.SyncAsync(SimulatedRiderLists.At(time.GetUtcNow()).ToJson(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
