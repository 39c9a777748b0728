namespace CardBridge.Pcsc;

/// <summary>Settings of <see cref="ReaderMonitor"/>.</summary>
public sealed class ReaderMonitorOptions
{
    /// <summary>First wait before re-establishing a lost context; doubled after each failure. Default 100 ms.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap of the backoff. Default 2 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Timeout of each blocking SCardGetStatusChange. Default infinite: the call wakes on a change, on
    /// hot-plug (via the PnP pseudo reader), on a service failure or on cancellation.
    /// </summary>
    public TimeSpan StatusTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Scope of the monitor's own context. Default <see cref="PcscScope.System"/>.</summary>
    public PcscScope Scope { get; set; } = PcscScope.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MinBackoff, TimeSpan.Zero, nameof(MinBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, MinBackoff, nameof(MaxBackoff));
        if (StatusTimeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(StatusTimeout, TimeSpan.Zero, nameof(StatusTimeout));
        }
    }
}
