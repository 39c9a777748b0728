using CardBridge.Settlement.Centre;

namespace CardBridge.Settlement.Hospital;

/// <summary>One batch of a visit's fee details (2204 outpatient, 2301 inpatient), at most <see cref="HospitalWorkflow.MaxFeeBatch"/> details.</summary>
/// <param name="Scenario">Outpatient or inpatient.</param>
/// <param name="VisitId">The visit (<c>mdtrt_id</c>).</param>
/// <param name="Items">The details; each serial number once per visit.</param>
public sealed record FeeBatch(SettlementScenario Scenario, string VisitId, IReadOnlyList<FeeItem> Items)
{
    /// <summary>The visit's medical type (<c>med_type</c>); 11 outpatient, 21 inpatient when null.</summary>
    public string? MedicalType { get; init; }

    /// <summary>The insurance type of the visit, picking the person's insured area; 310 by default.</summary>
    public string InsuranceType { get; init; } = "310";

    /// <summary>The outpatient charge batch (<c>chrg_bchno</c>); the visit id when null.</summary>
    public string? ChargeBatchNo { get; init; }

    /// <summary>Operator, billing department and doctor.</summary>
    public VisitContext Context { get; init; } = VisitContext.Default;
}
