namespace CardBridge.Journal;

/// <summary>Why the journal could not be read or written.</summary>
public enum JournalUnavailableReason
{
    /// <summary>The disk (or the database's page limit) is full.</summary>
    DiskFull,

    /// <summary>The file or its directory is read-only.</summary>
    ReadOnly,

    /// <summary>Another writer held the database longer than the busy timeout.</summary>
    Locked,

    /// <summary>The file cannot be opened or created.</summary>
    CannotOpen,

    /// <summary>The file is not a journal or is damaged.</summary>
    Corrupt,

    /// <summary>The journal was written by a newer version of CardBridge.</summary>
    SchemaTooNew,

    /// <summary>Any other I/O failure.</summary>
    IoError,
}
