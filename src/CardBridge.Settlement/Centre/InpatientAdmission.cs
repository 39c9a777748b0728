namespace CardBridge.Settlement.Centre;

/// <summary>An inpatient admission (2401): opens the stay the fee batches and the discharge settlement belong to.</summary>
/// <param name="PersonNo">The centre's person number.</param>
/// <param name="CertificateType">How the person was identified.</param>
/// <param name="CertificateNumber">The e-voucher token, ID number or card number.</param>
/// <param name="InsuranceType">The insurance type the stay is under (<c>insutype</c>).</param>
/// <param name="InpatientNo">The hospital's own inpatient number (<c>ipt_no</c>), unique in the hospital.</param>
/// <param name="AdmittedAt">When (<c>begntime</c>).</param>
/// <param name="Diagnosis">The admission diagnosis (<c>adm_diag_dscr</c>, the main diagnosis and the <c>diseinfo</c> entry).</param>
public sealed record InpatientAdmission(
    string PersonNo, CertificateType CertificateType, string CertificateNumber, string InsuranceType, string InpatientNo,
    DateTimeOffset AdmittedAt, Diagnosis Diagnosis)
    : CentreCall
{
    /// <summary>The medical type (<c>med_type</c>); 21 general inpatient by default.</summary>
    public string MedicalType { get; init; } = "21";

    /// <summary>The admitting department and attending doctor; the terminal's defaults for what is empty.</summary>
    public CareTeam Care { get; init; } = CareTeam.Default;

    /// <summary>The bed (<c>adm_bed</c>), when known.</summary>
    public string? Bed { get; init; }
}
