namespace CardBridge.Settlement.Hospital;

/// <summary>An outpatient registration as the HIS asks for it (2201).</summary>
/// <param name="OutpatientNo">The hospital's outpatient number (<c>ipt_otp_no</c>), unique in the hospital.</param>
public sealed record OutpatientVisit(string OutpatientNo)
{
    /// <summary>The insurance type (<c>insutype</c>); 310 by default.</summary>
    public string InsuranceType { get; init; } = "310";

    /// <summary>Operator, department and doctor.</summary>
    public VisitContext Context { get; init; } = VisitContext.Default;
}
