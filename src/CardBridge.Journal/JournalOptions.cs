using System.ComponentModel.DataAnnotations;

namespace CardBridge.Journal;

/// <summary>Where the offline journal lives and the keys that protect it at rest (DESIGN §4, §5).</summary>
public sealed class JournalOptions
{
    /// <summary>The SQLite file; its directory is created when missing.</summary>
    [Required]
    public string Path { get; set; } = string.Empty;

    /// <summary>Base64 of the 256-bit AES-GCM key that encrypts the personal fields of every record.</summary>
    [Required]
    public string EncryptionKey { get; set; } = string.Empty;

    /// <summary>Base64 of the HMAC-SHA256 key (at least 256 bits, different from <see cref="EncryptionKey"/>) that chains the records.</summary>
    [Required]
    public string IntegrityKey { get; set; } = string.Empty;

    /// <summary>How long an append waits for another writer (another process) before it fails as locked; whole seconds, rounded up.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Group commit: writes arriving while another commits go together in one transaction and one durable sync
    /// (each still all-or-nothing). On by default; off commits each write alone.
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>The problems with these options, empty when they can be used; for the host's options validation.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Path))
        {
            problems.Add("Journal:Path is required.");
        }
        var encryption = Base64Key.Decode(EncryptionKey);
        if (encryption is not { Length: 32 })
        {
            problems.Add("Journal:EncryptionKey must be base64 of exactly 32 bytes.");
        }
        var integrity = Base64Key.Decode(IntegrityKey);
        if (integrity is null || integrity.Length < 32)
        {
            problems.Add("Journal:IntegrityKey must be base64 of at least 32 bytes.");
        }
        if (encryption is not null && integrity is not null && encryption.AsSpan().SequenceEqual(integrity))
        {
            problems.Add("Journal:IntegrityKey must differ from Journal:EncryptionKey.");
        }
        // SQLite's command timeout 0 would mean "wait for ever", so the least is one second.
        if (BusyTimeout < TimeSpan.FromSeconds(1) || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            problems.Add("Journal:BusyTimeout must be between 1 second and 10 minutes.");
        }
        return problems;
    }
}
