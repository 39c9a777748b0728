using CardBridge.Cards.Privacy;
using System.Text;

namespace CardBridge.Cards.Transit;

/// <summary>
/// A completed purse purchase. <see cref="Tac"/> is the card's transaction authentication code over this
/// purchase, for the clearing centre (the terminal cannot check it).
/// </summary>
/// <param name="ApplicationSerial">The purse's application serial (16 hex digits).</param>
/// <param name="AmountFen">The amount debited.</param>
/// <param name="BalanceFen">The balance right after this purchase.</param>
/// <param name="OfflineCounter">The card's offline counter after this purchase (the transaction's proof number).</param>
/// <param name="TerminalId">The terminal id (6 bytes BCD) the purchase was made under.</param>
/// <param name="TerminalSequence">The PSAM's terminal sequence number of this purchase.</param>
/// <param name="Time">The transaction time sent to the card.</param>
/// <param name="Tac">The 4-byte TAC.</param>
/// <param name="Recovered">True when the purchase had been interrupted and was proven complete on a later tap.</param>
public sealed record PurchaseResult(
    string ApplicationSerial, uint AmountFen, uint BalanceFen, ushort OfflineCounter, ReadOnlyMemory<byte> TerminalId,
    uint TerminalSequence, DateTime Time, ReadOnlyMemory<byte> Tac, bool Recovered)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ApplicationSerial = ").Append(Masked.CardNumber(ApplicationSerial))
            .Append(", AmountFen = ").Append(AmountFen)
            .Append(", BalanceFen = ").Append(BalanceFen)
            .Append(", OfflineCounter = ").Append(OfflineCounter)
            .Append(", TerminalSequence = ").Append(TerminalSequence)
            .Append(", Tac = ").Append(Convert.ToHexString(Tac.Span))
            .Append(", Recovered = ").Append(Recovered);
        return true;
    }
}
