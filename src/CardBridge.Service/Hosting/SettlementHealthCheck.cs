using CardBridge.Settlement.Centre;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CardBridge.Service.Hosting;

/// <summary>
/// Healthy while the journal is open and the centre reachable; degraded (still serving: settlements go to the
/// journal) while the centre is offline; unhealthy when the settlement layer is not running.
/// </summary>
internal sealed class SettlementHealthCheck(SettlementHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!host.IsRunning)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the settlement layer is not running"));
        }
        var (connectivity, _) = host.Connectivity;
        return Task.FromResult(connectivity == CentreConnectivity.Offline
            ? HealthCheckResult.Degraded("the insurance centre is offline; settlements go to the journal")
            : HealthCheckResult.Healthy("journal open, centre online"));
    }
}
