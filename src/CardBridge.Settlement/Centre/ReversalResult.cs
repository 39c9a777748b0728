namespace CardBridge.Settlement.Centre;

/// <summary>The centre's answer to a reversal: afterwards the original call has no effect either way.</summary>
/// <param name="MsgId">The message id of the reversal call.</param>
/// <param name="OriginalMsgId">The message id that was reversed.</param>
/// <param name="Undone">True when the centre had committed the original and undid it; false when it had never committed it.</param>
public sealed record ReversalResult(string MsgId, string OriginalMsgId, bool Undone);
