namespace CardBridge.Simulation.Psam;

/// <summary>A purse purchase master key on the PSAM and the key version it is stored under (the card reports the version in INITIALIZE FOR PURCHASE).</summary>
internal sealed record PurchaseMasterKey(byte[] Key, byte Version);
