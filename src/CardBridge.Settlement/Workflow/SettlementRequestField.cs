namespace CardBridge.Settlement.Workflow;

/// <summary>The part of a settle or reverse request that broke a <see cref="SettlementLimits"/> rule.</summary>
public enum SettlementRequestField
{
    /// <summary>The call's own idempotency key.</summary>
    IdempotencyKey,

    /// <summary>A reversal's target: the idempotency key of the settlement to undo.</summary>
    SettlementKey,

    /// <summary>The bill's scenario.</summary>
    BillScenario,

    /// <summary>The bill's total.</summary>
    BillTotal,

    /// <summary>The hash of the bill's line items.</summary>
    BillLineItemHash,

    /// <summary>The visit id.</summary>
    BillVisitId,

    /// <summary>The medical type code.</summary>
    BillMedicalType,

    /// <summary>The insurance type code.</summary>
    BillInsuranceType,

    /// <summary>A hospital visit call's own fields: the hospital's outpatient or inpatient number, the visit id.</summary>
    Visit,

    /// <summary>The fee details of a batch: at least one, at most <see cref="Hospital.HospitalWorkflow.MaxFeeBatch"/>, each serial number once.</summary>
    FeeItems,
}
