namespace CardBridge.Settlement.Centre;

/// <summary>How a bill is split, in fen: <see cref="FundFen"/> + <see cref="AccountFen"/> + <see cref="CashFen"/> = <see cref="TotalFen"/>.</summary>
/// <param name="TotalFen">The bill total (<c>medfee_sumamt</c>).</param>
/// <param name="FundFen">Paid by the pooled fund (<c>fund_pay_sumamt</c>).</param>
/// <param name="AccountFen">Paid from the personal account (<c>acct_pay</c>).</param>
/// <param name="CashFen">Paid by the person (<c>psn_cash_pay</c>).</param>
public readonly record struct SettlementAmounts(long TotalFen, long FundFen, long AccountFen, long CashFen);
