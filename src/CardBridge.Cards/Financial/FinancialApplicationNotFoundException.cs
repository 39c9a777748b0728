namespace CardBridge.Cards.Financial;

/// <summary>The card has no financial (UnionPay) application: SELECT by its AID answered 6A82.</summary>
public sealed class FinancialApplicationNotFoundException : CardException
{
    /// <summary>Creates the error with a message.</summary>
    public FinancialApplicationNotFoundException(string message) : base(message) { }
}
