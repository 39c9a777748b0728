namespace CardBridge.Simulation.SocialSecurity;

/// <summary>The card's keys for one purchase: the purchase key MAC1 and MAC2 come from, the TAC key.</summary>
internal readonly record struct PurchaseKeys(byte[] PurchaseKey, byte[] TacKey);

