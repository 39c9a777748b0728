namespace CardBridge.Journal;

/// <summary>The base of every failure the journal reports; one subclass per failure a caller handles differently.</summary>
public class JournalException : Exception
{
    /// <summary>Creates the error.</summary>
    public JournalException(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    public JournalException(string message, Exception innerException) : base(message, innerException) { }
}
