namespace CardBridge.Settlement.Centre;

/// <summary>A change of <see cref="CentreConnectivity"/>.</summary>
/// <param name="previous">The state before.</param>
/// <param name="current">The state now.</param>
/// <param name="changedAt">When the change happened.</param>
public sealed class CentreConnectivityChangedEventArgs(CentreConnectivity previous, CentreConnectivity current, DateTimeOffset changedAt) : EventArgs
{
    /// <summary>The state before.</summary>
    public CentreConnectivity Previous { get; } = previous;

    /// <summary>The state now.</summary>
    public CentreConnectivity Current { get; } = current;

    /// <summary>When the change happened.</summary>
    public DateTimeOffset ChangedAt { get; } = changedAt;
}
