namespace CardBridge.Settlement.Centre;

/// <summary>
/// The cancellation of every fee detail of a visit not settled yet (2205 outpatient, 2302 inpatient, both with the
/// platform's "0000": all).
/// </summary>
/// <param name="Scenario">Outpatient or inpatient: picks the transaction.</param>
/// <param name="PersonNo">The centre's person number.</param>
/// <param name="VisitId">The visit id (<c>mdtrt_id</c>).</param>
public sealed record FeeCancellation(SettlementScenario Scenario, string PersonNo, string VisitId) : CentreCall;
