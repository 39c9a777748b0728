namespace CardBridge.Journal;

/// <summary>
/// Where a record is in its life: it leaves <see cref="Pending"/> only on the centre's answer; a record committed ahead
/// of its card write starts <see cref="AwaitingCard"/>.
/// </summary>
public enum JournalState
{
    /// <summary>Not yet acknowledged by the centre.</summary>
    Pending = 0,

    /// <summary>The centre acknowledged it (final).</summary>
    Uploaded = 1,

    /// <summary>The centre refused it with a code and reason (final; kept).</summary>
    Rejected = 2,

    /// <summary>
    /// Committed before its card write: the card is being written now. It becomes <see cref="Pending"/> with the
    /// card's proof, or <see cref="Voided"/> when the card refused; the uploader waits at it, so order is kept.
    /// </summary>
    AwaitingCard = 3,

    /// <summary>The card write it was committed for failed, so the settlement did not happen (final; kept, never uploaded).</summary>
    Voided = 4,
}
