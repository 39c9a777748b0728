namespace CardBridge.Settlement.Centre;

/// <summary>How the centre classified one fee detail (2204 / 2301 <c>result</c> entry), in fen.</summary>
/// <param name="SerialNo">The detail's serial number (<c>feedetl_sn</c>).</param>
/// <param name="TotalFen">The line total the centre took (<c>det_item_fee_sumamt</c>).</param>
/// <param name="FullOwnPayFen">Wholly at the person's own expense (<c>fulamt_ownpay_amt</c>).</param>
/// <param name="OverLimitFen">Above the price limit (<c>overlmt_amt</c>).</param>
/// <param name="PreSelfPayFen">The person's first share (<c>preselfpay_amt</c>).</param>
/// <param name="InScopeFen">Within the policy's scope (<c>inscp_scp_amt</c>).</param>
public sealed record FeeItemResult(string SerialNo, long TotalFen, long FullOwnPayFen, long OverLimitFen, long PreSelfPayFen, long InScopeFen);
