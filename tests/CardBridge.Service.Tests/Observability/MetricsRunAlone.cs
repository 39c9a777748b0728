namespace CardBridge.Service.Tests.Observability;

/// <summary>
/// Tests that read the exported metrics run alone: System.Diagnostics.Metrics meters are process-wide, so a service
/// started by a test running at the same time would report into the same instrument names and blur the values read.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsRunAlone
{
    public const string Name = "Observability";
}
