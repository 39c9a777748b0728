namespace CardBridge.Settlement.Centre;

/// <summary>Where a bill is settled; picks the transaction codes (outpatient 2206/2207/2208, pharmacy 2101/2102/2103).</summary>
public enum SettlementScenario
{
    /// <summary>Hospital outpatient settlement (2206 pre-settle, 2207 settle, 2208 cancel).</summary>
    Outpatient = 1,

    /// <summary>Designated pharmacy settlement (2101 pre-settle, 2102 settle, 2103 cancel).</summary>
    Pharmacy = 2,
}
