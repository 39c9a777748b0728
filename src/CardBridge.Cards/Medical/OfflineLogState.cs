namespace CardBridge.Cards.Medical;

/// <summary>Whether EF06 accounts for exactly the offline settlement records at the top of EF08.</summary>
public enum OfflineLogStatus
{
    /// <summary>EF06 count and amount match the newest run of offline-settlement records in EF08.</summary>
    Consistent,

    /// <summary>An offline settlement was interrupted (card pulled) after its EF08 record: EF06 misses <see cref="OfflineLogState.Missing"/>.</summary>
    Torn,

    /// <summary>EF06 and EF08 disagree in a way no interrupted CardBridge write produces (written elsewhere, or the log overflowed).</summary>
    Inconsistent,
}

/// <summary>The EF06 parts an interrupted offline settlement did not write.</summary>
[Flags]
public enum OfflineLogParts
{
    /// <summary>Nothing missing.</summary>
    None = 0,

    /// <summary>EF06 tag 92, the cumulative offline amount.</summary>
    CumulativeAmount = 1,

    /// <summary>EF06 tag 93, the offline count.</summary>
    Count = 2,
}

/// <summary>
/// The result of checking DF04's offline log. An offline settlement writes, in order, (1) its EF08 record of type
/// <see cref="MedicalTransactionType.OfflineSettlement"/>, (2) EF06 tag 92 += its total, (3) EF06 tag 93 += 1; so
/// the EF08 record is the journal and EF06 the commit. Offline count n must equal the number of offline-settlement
/// records at the top of EF08 and tag 92 their total; one record more than n means a write was torn after step 1
/// (amount and count missing) or after step 2 (count missing). When every visible EF08 record is an offline
/// settlement and older ones were overwritten (the cyclic file wrapped), only what is visible can be checked.
/// </summary>
/// <param name="Status">Consistent, torn or inconsistent.</param>
/// <param name="Missing">For <see cref="OfflineLogStatus.Torn"/>, the EF06 parts not written.</param>
/// <param name="Unaccounted">For <see cref="OfflineLogStatus.Torn"/>, the EF08 record EF06 does not account for.</param>
public sealed record OfflineLogState(OfflineLogStatus Status, OfflineLogParts Missing, MedicalTransaction? Unaccounted)
{
    /// <summary>EF06 and EF08 agree.</summary>
    public static readonly OfflineLogState Consistent = new(OfflineLogStatus.Consistent, OfflineLogParts.None, null);

    /// <summary>EF06 and EF08 disagree beyond a torn write.</summary>
    public static readonly OfflineLogState Inconsistent = new(OfflineLogStatus.Inconsistent, OfflineLogParts.None, null);

    /// <summary>A torn write: <paramref name="record"/> is in EF08 but EF06 misses <paramref name="missing"/>.</summary>
    public static OfflineLogState Torn(OfflineLogParts missing, MedicalTransaction record) => new(OfflineLogStatus.Torn, missing, record);

    /// <summary>True for <see cref="OfflineLogStatus.Torn"/>.</summary>
    public bool IsTorn => Status == OfflineLogStatus.Torn;

    /// <summary>Checks <paramref name="state"/> against <paramref name="transactions"/> (newest first).</summary>
    public static OfflineLogState Check(OfflineSettlementState state, IReadOnlyList<MedicalTransaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(transactions);
        var run = 0;
        ulong total = 0;
        while (run < transactions.Count && transactions[run].Type == MedicalTransactionType.OfflineSettlement)
        {
            total += transactions[run].TotalFen;
            run++;
        }
        if (run == state.Count && total == state.CumulativeAmountFen)
        {
            return Consistent;
        }
        if (run == transactions.Count && run > 0 && transactions[^1].Sequence != 1 && run <= state.Count && total <= state.CumulativeAmountFen)
        {
            // EF08 is cyclic: once more offline settlements were made than it holds, the oldest are overwritten (the
            // oldest visible record is not the card's first). EF06 must then account for at least what is visible;
            // a write torn in such a log cannot be told from a whole one, and is counted by the next commit.
            return Consistent;
        }
        if (run == state.Count + 1)
        {
            var newest = transactions[0];
            if (total == state.CumulativeAmountFen)
            {
                return Torn(OfflineLogParts.Count, newest);
            }
            if (total - newest.TotalFen == state.CumulativeAmountFen)
            {
                return Torn(OfflineLogParts.CumulativeAmount | OfflineLogParts.Count, newest);
            }
        }
        return Inconsistent;
    }
}
