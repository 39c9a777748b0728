namespace CardBridge.Settlement.Centre;

/// <summary>A request to cancel a committed settlement (2208 outpatient, 2103 pharmacy, 2305 inpatient).</summary>
/// <param name="PersonNo">The centre's person number.</param>
/// <param name="SettlementId">The <see cref="SettlementReceipt.SettlementId"/> to cancel.</param>
public sealed record SettlementCancellation(string PersonNo, string SettlementId) : CentreCall
{
    /// <summary>The visit id (<c>mdtrt_id</c>), when the scenario has one.</summary>
    public string? VisitId { get; init; }
}
