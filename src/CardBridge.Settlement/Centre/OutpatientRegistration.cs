namespace CardBridge.Settlement.Centre;

/// <summary>An outpatient registration (2201): opens the visit the fee details and the settlement belong to.</summary>
/// <param name="PersonNo">The centre's person number.</param>
/// <param name="CertificateType">How the person was identified.</param>
/// <param name="CertificateNumber">The e-voucher token, ID number or card number.</param>
/// <param name="InsuranceType">The insurance type the visit is under (<c>insutype</c>).</param>
/// <param name="OutpatientNo">The hospital's own outpatient number (<c>ipt_otp_no</c>), unique in the hospital.</param>
/// <param name="RegisteredAt">When (<c>begntime</c>).</param>
public sealed record OutpatientRegistration(
    string PersonNo, CertificateType CertificateType, string CertificateNumber, string InsuranceType, string OutpatientNo, DateTimeOffset RegisteredAt)
    : CentreCall
{
    /// <summary>The department and doctor; the terminal's defaults for what is empty.</summary>
    public CareTeam Care { get; init; } = CareTeam.Default;
}
