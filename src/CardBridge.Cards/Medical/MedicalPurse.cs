using System.Buffers.Binary;
using System.Globalization;
using CardBridge.Cards.Authentication;
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
public sealed class MedicalPurse
{
    private const byte Cla = 0xB0;
    private const byte PsamCla = 0x80;
    private const byte KeyIndex = 0x01;
    private const byte PurchaseType = 0x06;
    private const byte MedicalMac1P1 = 0x01;
    private const int InitAnswerLength = 15;
    private const ushort SwInsufficientFunds = 0x9401;
    private const ushort SwMacInvalid = 0x9302;

    private readonly ICardChannel _card;

    /// <summary>The purse on the card in <paramref name="card"/>.</summary>
    public MedicalPurse(ICardChannel card)
    {
        ArgumentNullException.ThrowIfNull(card);
        _card = card;
    }

    /// <summary>Selects DF04 and reads the purse balance in fen (2 APDUs, no PIN).</summary>
    /// <exception cref="CardCommandException">The card has no DF04 or no medical purse.</exception>
    /// <exception cref="CardDataException">The balance is not 4 bytes.</exception>
    public async Task<uint> GetBalanceAsync(CancellationToken cancellationToken)
    {
        await MedicalFiles.SendAsync(_card, MedicalFiles.SelectDf04, "SELECT DF04", cancellationToken);
        var balance = await MedicalFiles.SendAsync(_card, new CommandApdu(Cla, 0x5C, 0x00, 0x02, default, 4), "GET BALANCE medical purse", cancellationToken);
        return balance.Data.Length == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(balance.Data.Span)
            : throw new CardDataException($"GET BALANCE answered {balance.Data.Length} bytes, expected 4");
    }

    /// <summary>
    /// Runs the purchase for <paramref name="settlement"/> on the card of <paramref name="key"/>, DF04 selected and the
    /// holder verified; returns null when the purse holds less than the account amount (9401, nothing debited).
    /// </summary>
    /// <exception cref="PurseMacException">The card refused MAC1 (nothing debited) or the PSAM refused MAC2.</exception>
    internal async Task<PurseDebit?> DebitAsync(CardKeyContext key, OfflineSettlement settlement, ICardChannel psam, CancellationToken cancellationToken)
    {
        var terminalId = new byte[6];
        MedicalFiles.EncodeDigits(settlement.TerminalId, terminalId);
        byte[] split = [.. Be32(settlement.SelfPayFen), .. Be32(settlement.PooledFen)];
        var init = await _card.TransmitAsync(
            new CommandApdu(Cla, 0x28, 0x01, 0x01, (byte[])[KeyIndex, .. Be32(settlement.AccountFen), .. terminalId, .. split], InitAnswerLength),
            cancellationToken);
        if (init.StatusWord.Value == SwInsufficientFunds)
        {
            return null;
        }
        if (!init.StatusWord.IsNormal)
        {
            throw new CardCommandException("INITIALIZE FOR PURCHASE medical purse", init.StatusWord);
        }
        if (init.Data.Length != InitAnswerLength)
        {
            throw new CardDataException($"INITIALIZE FOR PURCHASE answered {init.Data.Length} bytes, expected {InitAnswerLength}");
        }
        // balance4 ‖ offline counter2 ‖ overdraft3 ‖ key version ‖ algorithm ‖ random4.
        var answer = init.Data.Span;
        var balance = BinaryPrimitives.ReadUInt32BigEndian(answer);
        var counter = BinaryPrimitives.ReadUInt16BigEndian(answer[4..]);
        var dateTime = new byte[7];
        MedicalFiles.EncodeDigits(settlement.Time.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), dateTime);

        // PSAM MAC1 80 70 01 00 2C: random4 ‖ counter2 ‖ amount4 ‖ type ‖ date-time7 ‖ key version ‖ algorithm ‖
        // card identification code16 ‖ split8 → terminal sequence4 ‖ MAC1.
        byte[] mac1Input = [.. answer[11..15], .. answer[4..6], .. Be32(settlement.AccountFen), PurchaseType, .. dateTime,
            answer[9], answer[10], .. key.CardIdentificationCode.Span, .. split];
        var mac1 = await MedicalFiles.SendAsync(psam, new CommandApdu(PsamCla, 0x70, MedicalMac1P1, 0x00, mac1Input, 8), "PSAM MAC1 medical purse", cancellationToken);
        if (mac1.Data.Length != 8)
        {
            throw new CardDataException($"the PSAM's MAC1 answer has {mac1.Data.Length} bytes, expected terminal sequence ‖ MAC1 (8)");
        }
        var terminalSequence = BinaryPrimitives.ReadUInt32BigEndian(mac1.Data.Span);

        var debit = await _card.TransmitAsync(
            new CommandApdu(Cla, 0x2C, 0x01, 0x00, (byte[])[.. mac1.Data.Span[..4], .. dateTime, .. mac1.Data.Span[4..8]], 8), cancellationToken);
        if (debit.StatusWord.Value == SwMacInvalid)
        {
            throw new PurseMacException("the card refused MAC1 (9302): the PSAM's medical purse key or the terminal id does not match the card's", false);
        }
        if (!debit.StatusWord.IsNormal)
        {
            throw new CardCommandException("DEBIT medical purse", debit.StatusWord);
        }
        if (debit.Data.Length != 8)
        {
            throw new CardDataException($"DEBIT answered {debit.Data.Length} bytes, expected TAC ‖ MAC2 (8)");
        }
        var verify = await psam.TransmitAsync(new CommandApdu(PsamCla, 0x72, 0x00, 0x00, debit.Data[4..8]), cancellationToken);
        if (verify.StatusWord.Value == SwMacInvalid)
        {
            throw new PurseMacException("the PSAM refused the card's MAC2: the answer was altered or the card is not genuine", true);
        }
        if (!verify.StatusWord.IsNormal)
        {
            throw new CardCommandException("PSAM MAC2 medical purse", verify.StatusWord);
        }
        return new PurseDebit(debit.Data[..4].ToArray(), (ushort)(counter + 1), balance - settlement.AccountFen, terminalSequence);
    }

    private static byte[] Be32(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
