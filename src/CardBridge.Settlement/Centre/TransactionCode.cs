namespace CardBridge.Settlement.Centre;

/// <summary>
/// The platform's transaction codes (<c>infno</c>, DESIGN §9). The hospital codes (22xx outpatient, 23xx inpatient
/// fees and settlement, 24xx admission and discharge) and their field names are as public HIS integrations of the
/// national platform use them; <see cref="VisitMessages"/> and <see cref="FeeMessages"/> cite where each was confirmed.
/// </summary>
internal static class TransactionCode
{
    public const string PersonInfo = "1101";
    public const string PharmacyPreSettle = "2101";
    public const string PharmacySettle = "2102";
    public const string PharmacyCancel = "2103";
    public const string OutpatientRegister = "2201";
    public const string OutpatientRegisterCancel = "2202";
    public const string OutpatientFeeUpload = "2204";
    public const string OutpatientFeeCancel = "2205";
    public const string OutpatientPreSettle = "2206";
    public const string OutpatientSettle = "2207";
    public const string OutpatientCancel = "2208";
    public const string InpatientFeeUpload = "2301";
    public const string InpatientFeeCancel = "2302";
    public const string InpatientPreSettle = "2303";
    public const string InpatientSettle = "2304";
    public const string InpatientCancel = "2305";
    public const string Admission = "2401";
    public const string Discharge = "2402";
    public const string AdmissionCancel = "2404";
    public const string DischargeCancel = "2405";
    public const string Reversal = "2601";
    public const string SignIn = "9001";

    // Not a platform code: the offline-record acknowledgement is CardBridge's own, keyed by the record's UUID.
    public const string OfflineUpload = "CB01";

    // Not a platform code either: the rider-list download (hot list, free category lists) for fare gates is
    // CardBridge's own; the platform publishes no such transaction. Input: the versions held; output: each list
    // unchanged or in full.
    public const string RiderListDownload = "CB02";

    public static string PreSettle(SettlementScenario scenario) => Pick(scenario, OutpatientPreSettle, PharmacyPreSettle, InpatientPreSettle);

    public static string Settle(SettlementScenario scenario) => Pick(scenario, OutpatientSettle, PharmacySettle, InpatientSettle);

    public static string Cancel(SettlementScenario scenario) => Pick(scenario, OutpatientCancel, PharmacyCancel, InpatientCancel);

    /// <summary>The fee-detail upload of a visit: 2204 outpatient, 2301 inpatient.</summary>
    public static string FeeUpload(SettlementScenario scenario) => OfVisit(scenario, OutpatientFeeUpload, InpatientFeeUpload);

    /// <summary>The fee-detail cancellation of a visit: 2205 outpatient, 2302 inpatient.</summary>
    public static string FeeCancel(SettlementScenario scenario) => OfVisit(scenario, OutpatientFeeCancel, InpatientFeeCancel);

    /// <summary>The cancellation of a visit step: 2202 registration, 2404 admission, 2405 discharge.</summary>
    public static string Cancel(VisitStep step) => step switch
    {
        VisitStep.Registration => OutpatientRegisterCancel,
        VisitStep.Admission => AdmissionCancel,
        VisitStep.Discharge => DischargeCancel,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown visit step"),
    };

    private static string OfVisit(SettlementScenario scenario, string outpatient, string inpatient) => scenario switch
    {
        SettlementScenario.Outpatient => outpatient,
        SettlementScenario.Inpatient => inpatient,
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Only a hospital visit has fee details"),
    };

    private static string Pick(SettlementScenario scenario, string outpatient, string pharmacy, string inpatient) => scenario switch
    {
        SettlementScenario.Outpatient => outpatient,
        SettlementScenario.Pharmacy => pharmacy,
        SettlementScenario.Inpatient => inpatient,
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Unknown settlement scenario"),
    };
}
