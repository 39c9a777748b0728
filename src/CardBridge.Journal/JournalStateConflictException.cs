namespace CardBridge.Journal;

/// <summary>A record already has a different final outcome; final states never change.</summary>
/// <param name="sequence">The record.</param>
/// <param name="current">Its state, which stays.</param>
public sealed class JournalStateConflictException(long sequence, JournalState current)
    : JournalException($"Journal record {sequence} is already {current} with another outcome.")
{
    /// <summary>The record.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>Its state, which stays.</summary>
    public JournalState Current { get; } = current;
}
