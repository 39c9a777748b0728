using CardBridge.Settlement.Centre;

namespace CardBridge.Settlement.Hospital;

/// <summary>An inpatient admission as the HIS asks for it (2401).</summary>
/// <param name="InpatientNo">The hospital's inpatient number (<c>ipt_no</c>), unique in the hospital.</param>
/// <param name="Diagnosis">The admission diagnosis.</param>
public sealed record InpatientStay(string InpatientNo, Diagnosis Diagnosis)
{
    /// <summary>The insurance type (<c>insutype</c>); 310 by default.</summary>
    public string InsuranceType { get; init; } = "310";

    /// <summary>The medical type (<c>med_type</c>); 21 general inpatient by default.</summary>
    public string MedicalType { get; init; } = "21";

    /// <summary>The bed, when known.</summary>
    public string? Bed { get; init; }

    /// <summary>Operator, admitting department and attending doctor.</summary>
    public VisitContext Context { get; init; } = VisitContext.Default;
}
