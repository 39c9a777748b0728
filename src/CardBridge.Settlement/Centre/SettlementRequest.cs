namespace CardBridge.Settlement.Centre;

/// <summary>A bill to pre-settle or settle.</summary>
/// <param name="PersonNo">The centre's person number from <see cref="PersonInfo.PersonNo"/>.</param>
/// <param name="CertificateType">How the person was identified for this visit.</param>
/// <param name="CertificateNumber">The e-voucher token, ID number or card number.</param>
/// <param name="TotalFen">The bill total in fen (<c>medfee_sumamt</c>); positive.</param>
public sealed record SettlementRequest(string PersonNo, CertificateType CertificateType, string CertificateNumber, long TotalFen) : CentreCall
{
    /// <summary>The visit id (<c>mdtrt_id</c>) the bill belongs to, when the scenario has one.</summary>
    public string? VisitId { get; init; }

    /// <summary>The charge batch number (<c>chrg_bchno</c>) of the uploaded fee details, when any.</summary>
    public string? ChargeBatchNo { get; init; }

    /// <summary>The insurance type to settle against (<c>insutype</c>); 310 employee basic medical insurance by default.</summary>
    public string InsuranceType { get; init; } = "310";

    /// <summary>The medical type (<c>med_type</c>); 11 general outpatient by default, 41 pharmacy purchase, 21 general inpatient.</summary>
    public string MedicalType { get; init; } = "11";

    /// <summary>Whether the personal account may pay (<c>acct_used_flag</c>).</summary>
    public bool UseAccount { get; init; } = true;
}
