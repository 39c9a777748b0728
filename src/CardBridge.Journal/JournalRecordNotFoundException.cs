namespace CardBridge.Journal;

/// <summary>No record has the asked sequence.</summary>
public sealed class JournalRecordNotFoundException : JournalException
{
    /// <summary>Creates the error for a sequence.</summary>
    public JournalRecordNotFoundException(long sequence) : base($"Journal record {sequence} does not exist.") => Sequence = sequence;

    /// <summary>The sequence asked for.</summary>
    public long Sequence { get; }
}
