namespace CardBridge.Cards.Medical;

/// <summary>
/// DF04 EF06, the temporary-offline settlement state: whether offline settlement is allowed (tag 90), the
/// cumulative offline amount in fen (tag 92) and the offline count (tag 93), both cleared by the next online settlement.
/// </summary>
/// <param name="OfflineAllowed">Tag 90 = 1.</param>
/// <param name="CumulativeAmountFen">Tag 92, big-endian fen.</param>
/// <param name="Count">Tag 93, offline settlements since the last online one.</param>
public sealed record OfflineSettlementState(bool OfflineAllowed, uint CumulativeAmountFen, byte Count);
