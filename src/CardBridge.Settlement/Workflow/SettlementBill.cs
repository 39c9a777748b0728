using CardBridge.Settlement.Centre;

namespace CardBridge.Settlement.Workflow;

/// <summary>What is settled: the scenario, the bill's total in fen and the hash of its line items.</summary>
/// <param name="Scenario">Outpatient, pharmacy or inpatient (a discharge settlement, on its <see cref="VisitId"/>).</param>
/// <param name="TotalFen">The whole bill; positive.</param>
/// <param name="LineItemHash">The hash of the bill's line items (SHA-256 from the HIS); may be empty.</param>
public sealed record SettlementBill(SettlementScenario Scenario, long TotalFen, ReadOnlyMemory<byte> LineItemHash)
{
    /// <summary>The visit id (<c>mdtrt_id</c>), when the HIS registered one.</summary>
    public string? VisitId { get; init; }

    /// <summary>The medical type code (<c>med_type</c>).</summary>
    public string MedicalType { get; init; } = "11";

    /// <summary>The insurance type code (<c>insutype</c>).</summary>
    public string InsuranceType { get; init; } = "310";

    /// <summary>Who acts at the counter for this call; null for the terminal's configured operator.</summary>
    public CentreOperator? Operator { get; init; }
}
