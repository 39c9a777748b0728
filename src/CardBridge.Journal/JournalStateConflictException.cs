namespace CardBridge.Journal;

/// <summary>A record already has a different final outcome; final states never change.</summary>
public sealed class JournalStateConflictException : JournalException
{
    /// <summary>Creates the error for a record and its current state.</summary>
    public JournalStateConflictException(long sequence, JournalState current)
        : base($"Journal record {sequence} is already {current} with another outcome.")
    {
        Sequence = sequence;
        Current = current;
    }

    /// <summary>The record.</summary>
    public long Sequence { get; }

    /// <summary>Its state, which stays.</summary>
    public JournalState Current { get; }
}
