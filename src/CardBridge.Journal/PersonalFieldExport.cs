namespace CardBridge.Journal;

/// <summary>How an export shows the personal fields.</summary>
public enum PersonalFieldExport
{
    /// <summary>Masked by the redaction policy (the default for everyone).</summary>
    Masked = 0,

    /// <summary>Decrypted in full (only for a caller entitled to them).</summary>
    Decrypted = 1,
}
