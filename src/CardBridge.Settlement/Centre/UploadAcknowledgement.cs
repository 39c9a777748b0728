namespace CardBridge.Settlement.Centre;

/// <summary>The centre's acknowledgement of an offline-record upload.</summary>
/// <param name="RecordId">The record's UUID.</param>
/// <param name="Status">Accepted, duplicate of an accepted record, or rejected.</param>
/// <param name="Reason">The centre's reason when <see cref="UploadStatus.Rejected"/>; otherwise null.</param>
public sealed record UploadAcknowledgement(Guid RecordId, UploadStatus Status, string? Reason);
