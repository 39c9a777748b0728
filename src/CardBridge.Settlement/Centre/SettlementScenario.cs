namespace CardBridge.Settlement.Centre;

/// <summary>Where a bill is settled; picks the transaction codes (outpatient 2206/2207/2208, pharmacy 2101/2102/2103, inpatient 2303/2304/2305).</summary>
public enum SettlementScenario
{
    /// <summary>Hospital outpatient settlement (2206 pre-settle, 2207 settle, 2208 cancel).</summary>
    Outpatient = 1,

    /// <summary>Designated pharmacy settlement (2101 pre-settle, 2102 settle, 2103 cancel).</summary>
    Pharmacy = 2,

    /// <summary>Hospital inpatient settlement at discharge (2303 pre-settle, 2304 settle, 2305 cancel), on an admitted visit.</summary>
    Inpatient = 3,
}
