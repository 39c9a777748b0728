namespace CardBridge.Cards.Medical;

/// <summary>
/// The card may hold the offline settlement or not: it left or stopped answering during the write, or the PSAM
/// refused the card's MAC2 after the DEBIT. Reading the card's log again is the only way to know.
/// </summary>
public sealed class OfflineSettlementUncertainException(string message, Exception innerException) : CardException(message, innerException);
