namespace CardBridge.Journal;

/// <summary>A record's sealed personal fields do not authenticate: it was tampered with or moved.</summary>
public sealed class JournalIntegrityException : JournalException
{
    /// <summary>Creates the error for a record.</summary>
    public JournalIntegrityException(long sequence, Exception innerException)
        : base($"Journal record {sequence} does not authenticate.", innerException) => Sequence = sequence;

    /// <summary>The record that failed.</summary>
    public long Sequence { get; }
}
