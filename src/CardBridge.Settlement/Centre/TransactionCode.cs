namespace CardBridge.Settlement.Centre;

/// <summary>The platform's transaction codes (<c>infno</c>, DESIGN §9).</summary>
internal static class TransactionCode
{
    public const string PersonInfo = "1101";
    public const string PharmacyPreSettle = "2101";
    public const string PharmacySettle = "2102";
    public const string PharmacyCancel = "2103";
    public const string OutpatientPreSettle = "2206";
    public const string OutpatientSettle = "2207";
    public const string OutpatientCancel = "2208";
    public const string Reversal = "2601";
    public const string SignIn = "9001";

    // Not a platform code: the offline-record acknowledgement is CardBridge's own, keyed by the record's UUID.
    public const string OfflineUpload = "CB01";

    // Not a platform code either: the rider-list download (hot list, free category lists) for fare gates is
    // CardBridge's own; the platform publishes no such transaction. Input: the versions held; output: each list
    // unchanged or in full.
    public const string RiderListDownload = "CB02";

    public static string PreSettle(SettlementScenario scenario) => Pick(scenario, OutpatientPreSettle, PharmacyPreSettle);

    public static string Settle(SettlementScenario scenario) => Pick(scenario, OutpatientSettle, PharmacySettle);

    public static string Cancel(SettlementScenario scenario) => Pick(scenario, OutpatientCancel, PharmacyCancel);

    private static string Pick(SettlementScenario scenario, string outpatient, string pharmacy) => scenario switch
    {
        SettlementScenario.Outpatient => outpatient,
        SettlementScenario.Pharmacy => pharmacy,
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Unknown settlement scenario"),
    };
}
