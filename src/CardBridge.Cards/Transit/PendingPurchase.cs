using CardBridge.Cards.Privacy;
using System.Text;

namespace CardBridge.Cards.Transit;

/// <summary>
/// A purchase the terminal sent DEBIT FOR PURCHASE for but has no answer to yet: written before the DEBIT, removed
/// once the outcome is known. Enough to prove on the next tap whether the card was debited.
/// </summary>
/// <param name="ApplicationSerial">The purse's application serial (16 hex digits), the key of the store.</param>
/// <param name="OfflineCounter">The card's offline counter before the purchase (from INITIALIZE FOR PURCHASE).</param>
/// <param name="AmountFen">The purchase amount.</param>
/// <param name="BalanceBeforeFen">The balance before the purchase.</param>
/// <param name="TerminalId">The terminal id (6 bytes BCD, from the PSAM).</param>
/// <param name="TerminalSequence">The PSAM's terminal sequence number of the purchase.</param>
/// <param name="Time">The transaction time sent to the card.</param>
public sealed record PendingPurchase(
    string ApplicationSerial, ushort OfflineCounter, uint AmountFen, uint BalanceBeforeFen,
    ReadOnlyMemory<byte> TerminalId, uint TerminalSequence, DateTime Time)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ApplicationSerial = ").Append(Masked.CardNumber(ApplicationSerial))
            .Append(", OfflineCounter = ").Append(OfflineCounter)
            .Append(", AmountFen = ").Append(AmountFen)
            .Append(", TerminalSequence = ").Append(TerminalSequence);
        return true;
    }
}
