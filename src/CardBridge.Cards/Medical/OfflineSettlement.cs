namespace CardBridge.Cards.Medical;

/// <summary>An offline settlement to record on the card: who settled where and when, and how the amount splits.</summary>
/// <param name="TerminalId">The settling terminal's 12-digit number (the PSAM's terminal number).</param>
/// <param name="Time">Local time of the settlement, to the second.</param>
/// <param name="AccountFen">Paid from the personal account.</param>
/// <param name="SelfPayFen">Paid by the holder.</param>
/// <param name="PooledFen">Paid by the pooled fund.</param>
public sealed record OfflineSettlement(string TerminalId, DateTime Time, uint AccountFen, uint SelfPayFen, uint PooledFen);
