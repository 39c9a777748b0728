namespace CardBridge.Settlement.Centre;

/// <summary>The centre's verdict on an <see cref="OfflineRecordUpload"/>.</summary>
public enum UploadStatus
{
    /// <summary>The record is new and the centre applied it.</summary>
    Accepted = 1,

    /// <summary>The centre had already accepted a record with this UUID; nothing was applied again.</summary>
    DuplicateAlreadyAccepted = 2,

    /// <summary>The centre refused the record; the reason says why. The record stays with its reason, not pending.</summary>
    Rejected = 3,
}
