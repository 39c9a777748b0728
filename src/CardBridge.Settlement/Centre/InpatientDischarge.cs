namespace CardBridge.Settlement.Centre;

/// <summary>An inpatient discharge (2402) of an admitted stay.</summary>
/// <param name="PersonNo">The centre's person number.</param>
/// <param name="VisitId">The stay's visit id (<c>mdtrt_id</c>) from the admission.</param>
/// <param name="InsuranceType">The insurance type of the stay.</param>
/// <param name="DischargedAt">When (<c>endtime</c>).</param>
/// <param name="Diagnosis">The discharge diagnosis (the <c>diseinfo</c> entry).</param>
public sealed record InpatientDischarge(string PersonNo, string VisitId, string InsuranceType, DateTimeOffset DischargedAt, Diagnosis Diagnosis)
    : CentreCall
{
    /// <summary>The discharging department; the terminal's defaults for what is empty.</summary>
    public CareTeam Care { get; init; } = CareTeam.Default;

    /// <summary>How the patient left (<c>dscg_way</c>): 1 on the doctor's order by default.</summary>
    public string DischargeWay { get; init; } = "1";
}
