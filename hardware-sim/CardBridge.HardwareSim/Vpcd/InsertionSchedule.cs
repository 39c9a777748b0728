namespace CardBridge.HardwareSim.Vpcd;

/// <summary>
/// Inserts and removes a bridge's card on a timetable, all times counted from the start of
/// <see cref="RunAsync"/>: insert at <see cref="InsertAfter"/>; then, with a <see cref="Cycle"/>, toggle
/// (removed ↔ inserted) every period; finally remove at <see cref="RemoveAfter"/>, which also ends the cycling.
/// </summary>
public sealed class InsertionSchedule
{
    /// <summary>Creates a schedule; every time is optional, and a schedule with none does nothing.</summary>
    /// <param name="insertAfter">When to insert the card.</param>
    /// <param name="removeAfter">When to remove it for good; must come after <paramref name="insertAfter"/>.</param>
    /// <param name="cycle">Period of the insert/remove toggling, which starts after <paramref name="insertAfter"/>.</param>
    public InsertionSchedule(TimeSpan? insertAfter = null, TimeSpan? removeAfter = null, TimeSpan? cycle = null)
    {
        if (insertAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(insertAfter), insertAfter, "Times cannot be negative.");
        }

        if (removeAfter < TimeSpan.Zero || removeAfter < insertAfter)
        {
            throw new ArgumentOutOfRangeException(nameof(removeAfter), removeAfter, "Removal cannot be negative or come before insertion.");
        }

        if (cycle <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(cycle), cycle, "The cycle period must be positive.");
        }

        InsertAfter = insertAfter;
        RemoveAfter = removeAfter;
        Cycle = cycle;
    }

    /// <summary>When the card goes in, if ever.</summary>
    public TimeSpan? InsertAfter { get; }

    /// <summary>When the card comes out for good, if ever.</summary>
    public TimeSpan? RemoveAfter { get; }

    /// <summary>Period of toggling the card in and out, if any.</summary>
    public TimeSpan? Cycle { get; }

    /// <summary>Drives <paramref name="bridge"/> until the schedule ends or is cancelled (then throws <see cref="OperationCanceledException"/>).</summary>
    public async Task RunAsync(VpcdCardBridge bridge, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bridge);
        ArgumentNullException.ThrowIfNull(timeProvider);

        // Waits are computed from planned times, not measured ones, so the timetable does not drift.
        var now = TimeSpan.Zero;
        if (InsertAfter is { } insertAt)
        {
            await Task.Delay(insertAt - now, timeProvider, cancellationToken);
            now = insertAt;
            bridge.Insert();
        }

        if (Cycle is { } period)
        {
            while (RemoveAfter is not { } end || now + period < end)
            {
                await Task.Delay(period, timeProvider, cancellationToken);
                now += period;
                if (bridge.IsInserted)
                {
                    bridge.Remove();
                }
                else
                {
                    bridge.Insert();
                }
            }
        }

        if (RemoveAfter is { } removeAt)
        {
            await Task.Delay(removeAt - now, timeProvider, cancellationToken);
            bridge.Remove();
        }
    }
}
