namespace CardBridge.Settlement.Centre;

/// <summary>A visit the centre opened (2201 registration, 2401 admission).</summary>
/// <param name="MsgId">The message id of the call.</param>
/// <param name="VisitId">The centre's visit id (<c>mdtrt_id</c>), named by every later call of the visit.</param>
public sealed record VisitReceipt(string MsgId, string VisitId);
