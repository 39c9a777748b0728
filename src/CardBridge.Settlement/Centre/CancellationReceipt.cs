using CardBridge.Journal;

namespace CardBridge.Settlement.Centre;

/// <summary>A cancellation the centre committed.</summary>
/// <param name="MsgId">The message id of the cancel call.</param>
/// <param name="SettlementId">The settlement that was cancelled.</param>
/// <param name="Refunded">The amounts given back (fund, account, cash).</param>
public sealed record CancellationReceipt(string MsgId, string SettlementId, PaymentSplit Refunded);
