using CardBridge.Journal;

namespace CardBridge.Settlement.Centre;

/// <summary>A settlement the centre committed.</summary>
/// <param name="MsgId">The message id of the settle call: the key a reversal (2601) names.</param>
/// <param name="SettlementId">The centre's settlement id (<c>setl_id</c>), needed to cancel.</param>
/// <param name="Amounts">How the bill was split.</param>
/// <param name="AccountBalanceAfterFen">The personal account balance after the settlement, when the centre gives it.</param>
public sealed record SettlementReceipt(string MsgId, string SettlementId, PaymentSplit Amounts, long? AccountBalanceAfterFen)
{
    /// <summary>Which funds paid and how the person's share came about.</summary>
    public SettlementBreakdown Breakdown { get; init; }
}
