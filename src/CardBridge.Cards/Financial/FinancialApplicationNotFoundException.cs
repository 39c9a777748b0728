namespace CardBridge.Cards.Financial;

/// <summary>The card has no financial (UnionPay) application: SELECT by its AID answered 6A82.</summary>
public sealed class FinancialApplicationNotFoundException(string message) : CardException(message);
