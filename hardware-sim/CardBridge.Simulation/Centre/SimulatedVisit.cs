namespace CardBridge.Simulation.Centre;

/// <summary>A hospital visit as the simulated centre holds it (a snapshot).</summary>
/// <param name="VisitId">The centre's visit id (<c>mdtrt_id</c>).</param>
/// <param name="PersonNo">Whose visit.</param>
/// <param name="InsuredArea">The insured area it was opened under.</param>
/// <param name="Inpatient">True for an admission (2401), false for an outpatient registration (2201).</param>
/// <param name="State"><c>open</c>, <c>discharged</c> or <c>cancelled</c>.</param>
/// <param name="FeeSerials">The serial numbers of the fee details in effect (uploaded, not cancelled), in upload order.</param>
/// <param name="FeeTotalFen">Their total.</param>
/// <param name="SettlementId">The settlement in effect, when there is one.</param>
public sealed record SimulatedVisit(
    string VisitId, string PersonNo, string InsuredArea, bool Inpatient, string State, IReadOnlyList<string> FeeSerials, long FeeTotalFen,
    string? SettlementId);
