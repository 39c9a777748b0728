namespace CardBridge.Journal;

/// <summary>A record with this UUID is already in the journal; nothing was appended.</summary>
/// <param name="id">The UUID.</param>
/// <param name="existingSequence">The sequence of the record that already has it.</param>
public sealed class DuplicateJournalRecordException(Guid id, long existingSequence)
    : JournalException($"Journal already holds record {id} at sequence {existingSequence}.")
{
    /// <summary>The UUID.</summary>
    public Guid Id { get; } = id;

    /// <summary>The sequence of the record that already has it.</summary>
    public long ExistingSequence { get; } = existingSequence;
}
