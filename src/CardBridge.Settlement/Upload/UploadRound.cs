namespace CardBridge.Settlement.Upload;

/// <summary>What one drain of the journal did.</summary>
/// <param name="Uploaded">Records the centre accepted (or already had).</param>
/// <param name="Rejected">Records the centre refused; they stay in the journal with its reason.</param>
/// <param name="StoppedAt">The pending record the round stopped at because the centre could not be reached; null when the journal was drained.</param>
public sealed record UploadRound(int Uploaded, int Rejected, long? StoppedAt);
