using CardBridge.Journal;

namespace CardBridge.Settlement.Centre;

/// <summary>The centre's pre-settlement (trial calculation): nothing is committed.</summary>
/// <param name="Amounts">How the bill would be split.</param>
/// <param name="AccountBalanceAfterFen">The personal account balance after such a settlement, when the centre gives it.</param>
public sealed record SettlementQuote(PaymentSplit Amounts, long? AccountBalanceAfterFen)
{
    /// <summary>Which funds would pay and how the person's share comes about.</summary>
    public SettlementBreakdown Breakdown { get; init; }
}
