namespace CardBridge.Journal;

/// <summary>A record's upload state and the centre's answer, when there is one.</summary>
/// <param name="State">Pending, uploaded or rejected.</param>
/// <param name="ChangedAt">When the state last changed (the centre's answer, the card's proof, a void); null for a new record.</param>
/// <param name="CentreReference">The centre's reference for an uploaded record.</param>
/// <param name="RejectCode">The centre's code for a rejected record.</param>
/// <param name="RejectReason">The centre's reason for a rejected record.</param>
public sealed record JournalStatus(
    JournalState State,
    DateTimeOffset? ChangedAt,
    string? CentreReference,
    string? RejectCode,
    string? RejectReason)
{
    /// <summary>The state of a new record.</summary>
    public static JournalStatus Pending { get; } = new(JournalState.Pending, null, null, null, null);
}
