namespace CardBridge.Settlement.Upload;

/// <summary>What one drain of the journal did.</summary>
/// <param name="Uploaded">Records the centre accepted (or already had).</param>
/// <param name="Rejected">Records the centre refused; they stay in the journal with its reason.</param>
/// <param name="StoppedAt">The record the round stopped at, still pending (the centre could not be reached, or its card write is still running); null when the journal was drained.</param>
public sealed record UploadRound(int Uploaded, int Rejected, long? StoppedAt);
