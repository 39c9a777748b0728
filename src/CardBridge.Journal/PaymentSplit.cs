namespace CardBridge.Journal;

/// <summary>
/// How a payment is split, in fen (分): never floating point. The one money type of the domain: the centre's answers
/// (<c>medfee_sumamt</c>, <c>fund_pay_sumamt</c>, <c>acct_pay</c>, <c>psn_cash_pay</c>), settlement outcomes and the
/// journal's records all carry it, so money crosses the layers without conversion.
/// </summary>
/// <param name="TotalFen">The whole bill.</param>
/// <param name="AccountFen">Paid from the personal medical account (the card's purse or the centre-side account).</param>
/// <param name="PooledFen">Paid by the pooled fund.</param>
/// <param name="SelfPayFen">Paid by the person in cash or otherwise.</param>
public readonly record struct PaymentSplit(long TotalFen, long AccountFen, long PooledFen, long SelfPayFen)
{
    /// <summary>Only a total, paid by the person (a transit fare).</summary>
    public static PaymentSplit Total(long totalFen) => new(totalFen, 0, 0, totalFen);

    /// <summary>The whole bill from the personal account: how an offline settlement pays (DESIGN §5).</summary>
    public static PaymentSplit FromPersonalAccount(long totalFen) => new(totalFen, AccountFen: totalFen, PooledFen: 0, SelfPayFen: 0);

    internal void EnsureValid()
    {
        if (TotalFen < 0 || AccountFen < 0 || PooledFen < 0 || SelfPayFen < 0)
        {
            throw new ArgumentException("Journal amounts are never negative.");
        }
    }
}
