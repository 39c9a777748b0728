namespace CardBridge.Journal;

/// <summary>
/// The journal could not durably store or read records. When an append throws this, nothing of it was stored:
/// the caller must not acknowledge the transaction.
/// </summary>
public sealed class JournalUnavailableException : JournalException
{
    /// <summary>Creates the error.</summary>
    public JournalUnavailableException(JournalUnavailableReason reason, string message) : base(message) => Reason = reason;

    /// <summary>Creates the error with its cause.</summary>
    public JournalUnavailableException(JournalUnavailableReason reason, string message, Exception innerException)
        : base(message, innerException) => Reason = reason;

    /// <summary>Why the journal is unavailable.</summary>
    public JournalUnavailableReason Reason { get; }
}
