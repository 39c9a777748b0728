namespace CardBridge.Settlement.Centre;

/// <summary>One fee detail of a visit (2204 / 2301 <c>feedetail</c> entry).</summary>
/// <param name="SerialNo">The detail's serial number (<c>feedetl_sn</c>), unique within the visit.</param>
/// <param name="ListCode">The national medical list code (<c>med_list_codg</c>).</param>
/// <param name="InstitutionListCode">The hospital's own item code (<c>medins_list_codg</c>).</param>
/// <param name="Quantity">How many (<c>cnt</c>), up to four decimals.</param>
/// <param name="UnitPriceFen">The price of one, in fen (<c>pric</c>).</param>
/// <param name="TotalFen">The line total in fen (<c>det_item_fee_sumamt</c>).</param>
/// <param name="OccurredAt">When the fee arose (<c>fee_ocur_time</c>).</param>
public sealed record FeeItem(
    string SerialNo, string ListCode, string InstitutionListCode, decimal Quantity, long UnitPriceFen, long TotalFen, DateTimeOffset OccurredAt)
{
    /// <summary>The billing department and doctor; the upload's for what is empty.</summary>
    public CareTeam? Care { get; init; }

    /// <summary>The order or prescription number (<c>drord_no</c> inpatient, <c>rxno</c> outpatient), when any.</summary>
    public string? OrderNo { get; init; }
}
