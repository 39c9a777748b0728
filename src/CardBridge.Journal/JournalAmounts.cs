namespace CardBridge.Journal;

/// <summary>The money of one record in fen (分): never floating point, never negative.</summary>
/// <param name="TotalFen">The whole bill.</param>
/// <param name="AccountFen">Paid from the personal medical account (the card's purse or the centre-side account).</param>
/// <param name="PooledFen">Paid by the pooled fund.</param>
/// <param name="SelfPayFen">Paid by the person in cash or otherwise.</param>
public readonly record struct JournalAmounts(long TotalFen, long AccountFen, long PooledFen, long SelfPayFen)
{
    /// <summary>Only a total (a transit fare).</summary>
    public static JournalAmounts Total(long totalFen) => new(totalFen, 0, 0, totalFen);

    internal void EnsureValid()
    {
        if (TotalFen < 0 || AccountFen < 0 || PooledFen < 0 || SelfPayFen < 0)
        {
            throw new ArgumentException("Journal amounts are never negative.");
        }
    }
}
