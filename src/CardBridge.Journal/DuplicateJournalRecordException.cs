namespace CardBridge.Journal;

/// <summary>A record with this UUID is already in the journal; nothing was appended.</summary>
public sealed class DuplicateJournalRecordException : JournalException
{
    /// <summary>Creates the error for a UUID and the record that has it.</summary>
    public DuplicateJournalRecordException(Guid id, long existingSequence)
        : base($"Journal already holds record {id} at sequence {existingSequence}.")
    {
        Id = id;
        ExistingSequence = existingSequence;
    }

    /// <summary>The UUID.</summary>
    public Guid Id { get; }

    /// <summary>The sequence of the record that already has it.</summary>
    public long ExistingSequence { get; }
}
