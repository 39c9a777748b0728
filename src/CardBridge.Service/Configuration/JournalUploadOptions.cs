namespace CardBridge.Service.Configuration;

/// <summary>
/// How often the offline journal is drained to the centre (key <c>Journal:UploadInterval</c>); the journal's own
/// settings (<c>Journal:Path</c>, keys, busy timeout) bind to <see cref="CardBridge.Journal.JournalOptions"/>.
/// </summary>
internal sealed class JournalUploadOptions
{
    public const string Section = "Journal";

    /// <summary>The pause between background upload rounds (1 second to 1 day).</summary>
    public TimeSpan UploadInterval { get; set; } = TimeSpan.FromSeconds(30);
}
