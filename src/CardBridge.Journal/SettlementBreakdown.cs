using System.Globalization;

namespace CardBridge.Journal;

/// <summary>
/// The settlement as the platform itemises it (2206/2207/2303/2304 <c>setlinfo</c>), in fen, beside the
/// <see cref="PaymentSplit"/> totals: which funds paid and how the person's share came about, so a receipt can be
/// printed. A field the centre did not give is 0.
/// </summary>
/// <param name="PooledFundFen">The basic medical insurance pooled fund (<c>hifp_pay</c>).</param>
/// <param name="CivilServantFen">The civil-servant medical subsidy (<c>cvlserv_pay</c>).</param>
/// <param name="EnterpriseSupplementFen">The enterprise supplementary medical insurance (<c>hifes_pay</c>).</param>
/// <param name="SeriousIllnessFen">The residents' serious-illness insurance (<c>hifmi_pay</c>).</param>
/// <param name="LargeExpenseFen">The employees' large medical expense subsidy (<c>hifob_pay</c>).</param>
/// <param name="MedicalAidFen">Medical aid (<c>maf_pay</c>).</param>
/// <param name="OtherFundFen">Other funds (<c>oth_pay</c>).</param>
/// <param name="HospitalShareFen">What the hospital bears (<c>hosp_part_amt</c>).</param>
/// <param name="AccountMutualAidFen">Paid from a family member's account (<c>acct_mulaid_pay</c>).</param>
/// <param name="FullOwnPayFen">Items wholly at the person's own expense (<c>fulamt_ownpay_amt</c>).</param>
/// <param name="OverLimitFen">Above the price limit, at the person's expense (<c>overlmt_selfpay</c>).</param>
/// <param name="PreSelfPayFen">The person's first share of partly covered items (<c>preselfpay_amt</c>).</param>
/// <param name="InScopeFen">Within the policy's scope (<c>inscp_scp_amt</c>).</param>
/// <param name="DeductibleFen">The deductible actually applied (<c>act_pay_dedc</c>).</param>
/// <param name="PersonShareFen">The person's whole burden (<c>psn_part_amt</c>).</param>
public readonly record struct SettlementBreakdown(
    long PooledFundFen,
    long CivilServantFen,
    long EnterpriseSupplementFen,
    long SeriousIllnessFen,
    long LargeExpenseFen,
    long MedicalAidFen,
    long OtherFundFen,
    long HospitalShareFen,
    long AccountMutualAidFen,
    long FullOwnPayFen,
    long OverLimitFen,
    long PreSelfPayFen,
    long InScopeFen,
    long DeductibleFen,
    long PersonShareFen)
{
    // Stored as "1;" and the fields in declaration order: the leading 1 names this layout.
    private const string Layout = "1";

    internal string ToStored() => string.Join(';', [Layout, .. Values().Select(v => v.ToString(CultureInfo.InvariantCulture))]);

    internal static SettlementBreakdown? FromStored(string? stored)
    {
        if (stored is null)
        {
            return null;
        }
        var parts = stored.Split(';');
        if (parts.Length != 16 || parts[0] != Layout)
        {
            throw new JournalUnavailableException(JournalUnavailableReason.Corrupt, "A stored settlement breakdown has an unknown layout.");
        }
        var v = new long[15];
        for (var i = 0; i < v.Length; i++)
        {
            if (!long.TryParse(parts[i + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v[i]))
            {
                throw new JournalUnavailableException(JournalUnavailableReason.Corrupt, "A stored settlement breakdown holds a value that is not a number.");
            }
        }
        return new(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]);
    }

    private IEnumerable<long> Values() =>
    [
        PooledFundFen, CivilServantFen, EnterpriseSupplementFen, SeriousIllnessFen, LargeExpenseFen, MedicalAidFen, OtherFundFen,
        HospitalShareFen, AccountMutualAidFen, FullOwnPayFen, OverLimitFen, PreSelfPayFen, InScopeFen, DeductibleFen, PersonShareFen,
    ];
}
