namespace CardBridge.Simulation.Centre;

/// <summary>One injected fault.</summary>
/// <param name="Fault">What goes wrong.</param>
/// <param name="Times">How many calls it affects before it wears off; null for every call until cleared.</param>
/// <param name="OnlyInfNo">Only calls with this transaction code are affected; null for all.</param>
/// <param name="Delay">The hold time of <see cref="CentreFault.Slow"/>.</param>
/// <param name="Body">The body of <see cref="CentreFault.MalformedJson"/>; null for a truncated envelope.</param>
public sealed record CentreFaultRule(
    CentreFault Fault,
    int? Times = null,
    string? OnlyInfNo = null,
    TimeSpan? Delay = null,
    ReadOnlyMemory<byte>? Body = null);
