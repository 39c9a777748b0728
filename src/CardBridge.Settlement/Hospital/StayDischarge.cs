using CardBridge.Settlement.Centre;

namespace CardBridge.Settlement.Hospital;

/// <summary>An inpatient discharge as the HIS asks for it (2402).</summary>
/// <param name="VisitId">The stay (<c>mdtrt_id</c>) from the admission.</param>
/// <param name="Diagnosis">The discharge diagnosis.</param>
public sealed record StayDischarge(string VisitId, Diagnosis Diagnosis)
{
    /// <summary>The insurance type of the stay; 310 by default.</summary>
    public string InsuranceType { get; init; } = "310";

    /// <summary>How the patient left (<c>dscg_way</c>); 1, on the doctor's order, by default.</summary>
    public string DischargeWay { get; init; } = "1";

    /// <summary>Operator and discharging department.</summary>
    public VisitContext Context { get; init; } = VisitContext.Default;
}
