using System.ComponentModel.DataAnnotations;

namespace CardBridge.Transit.Eligibility;

/// <summary>
/// How a gate keeps its rider lists current while it runs (appsettings section <c>Transit:ListSync</c>): every
/// <see cref="Interval"/> it asks the centre for the lists it holds; changed lists replace the old ones in one swap, and
/// every list the centre confirms counts as synced now. With the centre down the lists in use are kept.
/// </summary>
public sealed class RiderListSyncOptions
{
    /// <summary>Whether the lists are synced; unset (the default): on, as a centre is always configured (or simulated); false: the lists are only what <c>Transit:ListsPath</c> holds at start.</summary>
    public bool? Enabled { get; set; }

    /// <summary>How long from the start (and from the end of one sync) to the next sync.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The time one sync may take, retries included, before it is given up until the next.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(1);
}
