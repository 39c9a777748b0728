namespace CardBridge.Cards.Medical;

/// <summary>
/// The card may hold the offline settlement or not: it left or stopped answering during the write, or the PSAM
/// refused the card's MAC2 after the DEBIT. Reading the card's log again is the only way to know.
/// </summary>
public sealed class OfflineSettlementUncertainException : CardException
{
    /// <summary>Creates the error with a message and the failure behind it.</summary>
    public OfflineSettlementUncertainException(string message, Exception innerException) : base(message, innerException) { }
}
