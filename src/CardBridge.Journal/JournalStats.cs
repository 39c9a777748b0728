namespace CardBridge.Journal;

/// <summary>The journal's backlog at a glance.</summary>
/// <param name="PendingCount">Records waiting for the centre (those awaiting their card write included).</param>
/// <param name="OldestPendingAge">How long the oldest pending record has waited; null when none is pending.</param>
/// <param name="UploadedCount">Records the centre acknowledged.</param>
/// <param name="RejectedCount">Records the centre refused.</param>
/// <param name="LastSequence">The newest sequence, 0 for an empty journal.</param>
/// <param name="VoidedCount">Records voided because their card write failed.</param>
public readonly record struct JournalStats(
    long PendingCount,
    TimeSpan? OldestPendingAge,
    long UploadedCount,
    long RejectedCount,
    long LastSequence,
    long VoidedCount = 0);
