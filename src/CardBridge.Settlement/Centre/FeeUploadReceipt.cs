namespace CardBridge.Settlement.Centre;

/// <summary>A fee batch the centre took: one result per detail sent.</summary>
/// <param name="MsgId">The message id of the call.</param>
/// <param name="Items">The centre's classification of each detail.</param>
public sealed record FeeUploadReceipt(string MsgId, IReadOnlyList<FeeItemResult> Items);
