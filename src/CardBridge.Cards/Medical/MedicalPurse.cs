using CardBridge.Cards.Authentication;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Purse;
using CardBridge.Cards.Transit;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Medical;

/// <summary>
/// The DF04 medical purse (DESIGN §8), CLA B0, PBOC e-purse style: GET BALANCE <c>B0 5C 00 02 04</c>, and the
/// purchase an offline settlement is written with — INITIALIZE FOR PURCHASE <c>B0 28 01 01</c> → PSAM MAC1
/// <c>80 70 01 00</c> → DEBIT <c>B0 2C 01 00 0F</c> (→ TAC ‖ MAC2) → PSAM verifies MAC2 <c>80 72 00 00 04</c>. The DEBIT
/// takes the personal-account amount off the purse and appends the EF08 detail record in one step on the card.
/// </summary>
/// <remarks>
/// The specification gives DEBIT no room for the self-pay and pooled-fund amounts EF08 records, so CardBridge extends
/// INITIALIZE FOR PURCHASE: its data is key index ‖ amount4 ‖ terminal id6 ‖ self-pay4 ‖ pooled4 (Lc 13; Lc 0B means
/// both are 0), and the PSAM's MAC1 input carries the same split after the card identification code (Lc 2C). The card
/// and the PSAM diversify the purchase and TAC keys by the split, so MAC1, MAC2 and the TAC each prove it.
/// </remarks>
/// <param name="card">The card whose purse this is.</param>
public sealed class MedicalPurse(ICardChannel card)
{
    private const byte KeyIndex = 0x01;
    private const byte MedicalMac1P1 = 0x01;

    private readonly ICardChannel _card = card ?? throw new ArgumentNullException(nameof(card));

    /// <summary>Selects DF04 and reads the purse balance in fen (2 APDUs, no PIN).</summary>
    /// <exception cref="CardCommandException">The card has no DF04 or no medical purse.</exception>
    /// <exception cref="CardDataException">The balance is not 4 bytes.</exception>
    public async Task<uint> GetBalanceAsync(CancellationToken cancellationToken)
    {
        await CardCommand.SendAsync(_card, MedicalFiles.SelectDf04, "SELECT DF04", cancellationToken);
        return await EPurse.ReadBalanceAsync(_card, PurseCommands.MedicalCla, "GET BALANCE medical purse", cancellationToken);
    }

    /// <summary>
    /// Runs the purchase for <paramref name="settlement"/> on the card of <paramref name="key"/>, DF04 selected and the
    /// holder verified; returns null when the purse holds less than the account amount (9401, nothing debited).
    /// </summary>
    /// <exception cref="PurseMacException">The card refused MAC1 (nothing debited) or the PSAM refused MAC2.</exception>
    internal async Task<PurseDebit?> DebitAsync(CardKeyContext key, OfflineSettlement settlement, ICardChannel psam, CancellationToken cancellationToken)
    {
        var terminalId = new byte[6];
        DataElement.EncodeDigits(settlement.TerminalId, terminalId);
        byte[] split = [.. EPurse.Be32(settlement.SelfPayFen), .. EPurse.Be32(settlement.PooledFen)];
        var answer = await CardCommand.SendOrNullAsync(_card,
            PurseCommands.InitializeMedicalPurchase(KeyIndex, settlement.AccountFen, terminalId, split), StatusWord.InsufficientFunds,
            "INITIALIZE FOR PURCHASE medical purse", cancellationToken);
        if (answer is null)
        {
            return null;
        }
        var init = PurchaseInit.Parse(answer.Data.Span);
        var dateTime = EPurse.BcdDateTime(settlement.Time);

        // MAC1 over the card identification code and the split (Lc 2C): the PSAM's key for this purse is diversified by both.
        var (terminalSequence, mac1) = await EPurse.ComputeMac1Async(psam, MedicalMac1P1, init, settlement.AccountFen, dateTime,
            (byte[])[.. key.CardIdentificationCode.Span, .. split], "PSAM MAC1 medical purse", cancellationToken);

        var debit = await CardCommand.SendOrNullAsync(_card, PurseCommands.DebitMedicalPurchase(terminalSequence, dateTime, mac1),
                StatusWord.MacInvalid, "DEBIT medical purse", cancellationToken)
            ?? throw new PurseMacException("the card refused MAC1 (9302): the PSAM's medical purse key or the terminal id does not match the card's", false);
        if (debit.Data.Length != 8)
        {
            throw new CardDataException($"DEBIT answered {debit.Data.Length} bytes, expected TAC ‖ MAC2 (8)");
        }
        await EPurse.VerifyMac2Async(psam, debit.Data[4..8], "PSAM MAC2 medical purse", cancellationToken);
        return new PurseDebit(debit.Data[..4].ToArray(), (ushort)(init.OfflineCounter + 1), init.BalanceFen - settlement.AccountFen, terminalSequence);
    }
}
