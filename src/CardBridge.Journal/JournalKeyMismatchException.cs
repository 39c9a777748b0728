namespace CardBridge.Journal;

/// <summary>The configured encryption or integrity key is not the one the journal was created with.</summary>
public sealed class JournalKeyMismatchException : JournalException
{
    /// <summary>Creates the error naming the key that does not match ("encryption" or "integrity").</summary>
    public JournalKeyMismatchException(string keyName)
        : base($"The journal's {keyName} key does not match the configured one.") => KeyName = keyName;

    /// <summary>Which key does not match: "encryption" or "integrity".</summary>
    public string KeyName { get; }
}
