namespace CardBridge.Settlement.Journal;

/// <summary>Where a record is in its upload life: it leaves <see cref="Pending"/> only on the centre's answer.</summary>
public enum JournalState
{
    /// <summary>Not yet acknowledged by the centre.</summary>
    Pending = 0,

    /// <summary>The centre acknowledged it (final).</summary>
    Uploaded = 1,

    /// <summary>The centre refused it with a code and reason (final; kept).</summary>
    Rejected = 2,
}
