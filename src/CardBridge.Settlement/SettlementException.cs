namespace CardBridge.Settlement;

/// <summary>The base of every failure the settlement layer reports; one subclass per failure a caller handles differently.</summary>
public class SettlementException(string message, Exception? innerException = null) : Exception(message, innerException);
