using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CardBridge.Service.Hosting;

/// <summary>Serving while the terminal runs; grpc.health.v1 reports it.</summary>
internal sealed class TerminalHealthCheck(TerminalHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        return Task.FromResult(host.IsRunning
            ? HealthCheckResult.Healthy($"{host.Terminal.Readers.Count} readers")
            : HealthCheckResult.Unhealthy("the card terminal is not running"));
    }
}
