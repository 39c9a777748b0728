namespace CardBridge.Settlement.Centre;

/// <summary>One batch of fee details of a visit (2204 outpatient, 2301 inpatient).</summary>
/// <param name="Scenario">Outpatient or inpatient: picks the transaction.</param>
/// <param name="PersonNo">The centre's person number.</param>
/// <param name="VisitId">The visit id (<c>mdtrt_id</c>).</param>
/// <param name="MedicalType">The visit's medical type (<c>med_type</c>).</param>
/// <param name="Items">The details, in the order the hospital gave them.</param>
public sealed record FeeUpload(SettlementScenario Scenario, string PersonNo, string VisitId, string MedicalType, IReadOnlyList<FeeItem> Items)
    : CentreCall
{
    /// <summary>The outpatient charge batch (<c>chrg_bchno</c>) the details belong to; 2204 needs one.</summary>
    public string? ChargeBatchNo { get; init; }

    /// <summary>The billing department and doctor of every item that names none; the terminal's defaults for what is empty.</summary>
    public CareTeam Care { get; init; } = CareTeam.Default;
}
