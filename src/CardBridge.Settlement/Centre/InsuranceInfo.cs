namespace CardBridge.Settlement.Centre;

/// <summary>One insurance of a person (1101 <c>insuinfo</c> entry).</summary>
/// <param name="InsuranceType">The insurance type code (<c>insutype</c>, e.g. 310 employee basic medical insurance).</param>
/// <param name="AccountBalanceFen">The personal account balance in fen (<c>balc</c>).</param>
/// <param name="PersonType">The person type code (<c>psn_type</c>), when given.</param>
/// <param name="InsuredArea">The insured area code (<c>insuplc_admdvs</c>), when given.</param>
public sealed record InsuranceInfo(string InsuranceType, long AccountBalanceFen, string? PersonType, string? InsuredArea)
{
    /// <summary>The person's insurance status (<c>psn_insu_stas</c>: 1 insured, 2 suspended, 4 ended), when given.</summary>
    public string? Status { get; init; }

    /// <summary>Whether the civil-servant subsidy applies (<c>cvlserv_flag</c> 1).</summary>
    public bool CivilServant { get; init; }
}
