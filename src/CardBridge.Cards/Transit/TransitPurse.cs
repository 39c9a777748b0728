using CardBridge.Cards.Authentication;
using CardBridge.Cards.Purse;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Transit;

/// <summary>
/// The T-Union electronic purse (JT/T 978, PBOC e-purse; DESIGN §8) on the card in <c>card</c>: balance and
/// purchase. A purchase is INITIALIZE FOR PURCHASE → PSAM MAC1 → DEBIT FOR PURCHASE → PSAM verifies MAC2; the
/// card's TAC is returned for the clearing centre. Before DEBIT the purchase is written to the
/// <see cref="IPendingPurchaseStore"/>; if the card leaves before its answer arrives, the next tap of the same purse
/// proves the outcome — GET TRANSACTION PROVE gives the MAC2 and TAC of a completed debit (returned as a
/// recovered result, not charged again), an unchanged offline counter proves nothing was debited (charged now) —
/// so a purchase is never charged twice.
/// </summary>
/// <param name="card">The card whose purse this is.</param>
/// <param name="pendingPurchases">Where purchases are remembered until the card's answer proves their outcome.</param>
public sealed class TransitPurse(ICardChannel card, IPendingPurchaseStore pendingPurchases)
{
    /// <summary>The purse application's AID.</summary>
    public static readonly ReadOnlyMemory<byte> Aid = Convert.FromHexString("A000000632010105");

    private const byte PublicInfoSfi = 0x15;
    private const int SerialOffset = 12;
    private const int SerialLength = 8;

    private readonly ICardChannel _card = card ?? throw new ArgumentNullException(nameof(card));
    private readonly IPendingPurchaseStore _pending = pendingPurchases ?? throw new ArgumentNullException(nameof(pendingPurchases));

    /// <summary>Selects the purse and reads its balance (GET BALANCE <c>80 5C 00 02 04</c>), in fen.</summary>
    /// <exception cref="PurseNotAvailableException">The card has no purse.</exception>
    public async Task<uint> GetBalanceAsync(CancellationToken cancellationToken)
    {
        await SelectAsync(cancellationToken);
        return await ReadBalanceAsync(cancellationToken);
    }

    /// <summary>
    /// Charges <paramref name="amountFen"/> to the purse, with MAC1 computed and MAC2 verified by the PSAM in
    /// <paramref name="psam"/>. When the purse has an interrupted purchase pending, it is resolved first: proven
    /// complete, its result is returned (marked <see cref="PurchaseResult.Recovered"/>) and nothing is charged.
    /// </summary>
    /// <exception cref="PurseNotAvailableException">The card has no purse.</exception>
    /// <exception cref="InsufficientFundsException">The balance is below the amount; nothing was debited.</exception>
    /// <exception cref="PurseMacException">MAC1 or MAC2 did not verify.</exception>
    /// <exception cref="PurchaseRecoveryException">A pending purchase of this purse cannot be proven either way.</exception>
    /// <exception cref="CardRemovedException">The card left; when it left after DEBIT was sent, the purchase stays pending.</exception>
    public async Task<PurchaseResult> PurchaseAsync(uint amountFen, PurchaseContext context, ICardChannel psam, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(psam);
        var serial = await SelectAsync(cancellationToken);
        var serialHex = Convert.ToHexString(serial);
        var pending = await _pending.FindAsync(serialHex, cancellationToken);
        if (pending is not null && await ProveAsync(pending, psam, cancellationToken) is { } recovered)
        {
            return recovered;
        }

        var terminalId = await ReadTerminalIdAsync(psam, cancellationToken);
        var init = await InitializeAsync(amountFen, terminalId, context.KeyIndex, cancellationToken);
        if (pending is not null && init.OfflineCounter != pending.OfflineCounter)
        {
            throw new PurchaseRecoveryException(
                $"the purse has no proof for its interrupted purchase and its counter moved from {pending.OfflineCounter} to {init.OfflineCounter}",
                pending);
        }
        // An unchanged counter proves an interrupted purchase never debited the purse: this one replaces it.
        var dateTime = EPurse.BcdDateTime(context.Time);
        // MAC1 80 70 00 00 1C over the application serial: the PSAM's purchase key is diversified by it.
        var (sequence, mac1) = await EPurse.ComputeMac1Async(psam, 0x00, init, amountFen, dateTime, serial, "PSAM MAC1", cancellationToken);
        var purchase = new PendingPurchase(serialHex, init.OfflineCounter, amountFen, init.BalanceFen, terminalId, sequence, context.Time);
        await _pending.SaveAsync(purchase, cancellationToken);

        var debit = await _card.TransmitAsync(PurseCommands.DebitForPurchase(sequence, dateTime, mac1), cancellationToken);
        if (!debit.StatusWord.IsNormal)
        {
            // The card refused DEBIT: it did not debit.
            await _pending.RemoveAsync(serialHex, cancellationToken);
            throw debit.StatusWord == StatusWord.MacInvalid
                ? new PurseMacException("the card refused MAC1 (9302): the PSAM's purchase key does not match the card's", false)
                : new CardCommandException("DEBIT FOR PURCHASE", debit.StatusWord);
        }
        if (debit.Data.Length != 8)
        {
            throw new CardDataException($"DEBIT FOR PURCHASE answered {debit.Data.Length} bytes, expected TAC ‖ MAC2 (8)");
        }
        var tac = debit.Data[..4];
        await EPurse.VerifyMac2Async(psam, debit.Data[4..8], "PSAM MAC2", cancellationToken);
        await _pending.RemoveAsync(serialHex, cancellationToken);
        return new PurchaseResult(serialHex, amountFen, init.BalanceFen - amountFen, (ushort)(init.OfflineCounter + 1), terminalId,
            sequence, context.Time, tac.ToArray(), Recovered: false);
    }

    // GET TRANSACTION PROVE 80 5A 00 06 02 (counter after the purchase) → MAC2 ‖ TAC, or 9406 when the card
    // did not complete that purchase (then null: the counter check decides).
    private async Task<PurchaseResult?> ProveAsync(PendingPurchase pending, ICardChannel psam, CancellationToken cancellationToken)
    {
        var after = (ushort)(pending.OfflineCounter + 1);
        var prove = await CardCommand.SendOrNullAsync(_card, PurseCommands.GetTransactionProve(after), StatusWord.MacUnavailable,
            "GET TRANSACTION PROVE", cancellationToken);
        if (prove is null)
        {
            return null;
        }
        if (prove.Data.Length != 8)
        {
            throw new CardDataException($"GET TRANSACTION PROVE answered {prove.Data.Length} bytes, expected MAC2 ‖ TAC (8)");
        }
        var verify = await psam.TransmitAsync(PurseCommands.VerifyMac2(prove.Data[..4]), cancellationToken);
        if (verify.StatusWord == StatusWord.MacInvalid)
        {
            throw new PurseMacException("the PSAM refused the MAC2 the card proves its interrupted purchase with", true);
        }
        if (!verify.StatusWord.IsNormal)
        {
            throw new PurchaseRecoveryException(
                $"the PSAM cannot verify the interrupted purchase's MAC2 ({verify.StatusWord}): its session is gone", pending);
        }
        await _pending.RemoveAsync(pending.ApplicationSerial, cancellationToken);
        return new PurchaseResult(pending.ApplicationSerial, pending.AmountFen, pending.BalanceBeforeFen - pending.AmountFen, after,
            pending.TerminalId, pending.TerminalSequence, pending.Time, prove.Data[4..8].ToArray(), Recovered: true);
    }

    // SELECT by AID, then the public information file (SFI 15): the application serial at offset 12.
    private async Task<byte[]> SelectAsync(CancellationToken cancellationToken)
    {
        if (await CardCommand.SendOrNullAsync(_card, CommandApdu.SelectByName(Aid), StatusWord.FileNotFound, "SELECT transit purse", cancellationToken) is null)
        {
            throw new PurseNotAvailableException("the card has no T-Union purse (SELECT A000000632010105: 6A82)");
        }
        var info = await CardCommand.SendAsync(_card, CommandApdu.ReadBinary(PublicInfoSfi), "READ BINARY transit public information", cancellationToken);
        if (info.Data.Length < SerialOffset + SerialLength)
        {
            throw new CardDataException($"the transit public information file has {info.Data.Length} bytes, too short for the application serial");
        }
        return info.Data.Slice(SerialOffset, SerialLength).ToArray();
    }

    private Task<uint> ReadBalanceAsync(CancellationToken cancellationToken) =>
        EPurse.ReadBalanceAsync(_card, PurseCommands.TransitCla, "GET BALANCE", cancellationToken);

    // INITIALIZE FOR PURCHASE 80 50 01 02 0B: key index ‖ amount4 ‖ terminal id6 → balance4 ‖ offline counter2 ‖
    // overdraft3 ‖ key version ‖ algorithm ‖ random4.
    private async Task<PurchaseInit> InitializeAsync(uint amountFen, byte[] terminalId, byte keyIndex, CancellationToken cancellationToken)
    {
        var init = await CardCommand.SendOrNullAsync(_card, PurseCommands.InitializeForPurchase(keyIndex, amountFen, terminalId),
                StatusWord.InsufficientFunds, "INITIALIZE FOR PURCHASE", cancellationToken)
            ?? throw new InsufficientFundsException(amountFen, await ReadBalanceAsync(cancellationToken));
        return PurchaseInit.Parse(init.Data.Span);
    }

    // The PSAM's terminal number file (SFI 16 under its MF); the MF is selected when another DF is current.
    private static async Task<byte[]> ReadTerminalIdAsync(ICardChannel psam, CancellationToken cancellationToken)
    {
        var read = PsamCommands.ReadTerminalNumber();
        var answer = await psam.TransmitAsync(read, cancellationToken);
        if (answer.StatusWord == StatusWord.FileNotFound)
        {
            (await psam.TransmitAsync(CommandApdu.SelectByFileId(0x3F00), cancellationToken))
                .EnsureSuccess("SELECT PSAM MF");
            answer = await psam.TransmitAsync(read, cancellationToken);
        }
        if (!answer.StatusWord.IsNormal)
        {
            throw new CardCommandException("READ BINARY PSAM terminal number", answer.StatusWord);
        }
        return answer.Data.Length == PsamCommands.TerminalNumberLength
            ? answer.Data.ToArray()
            : throw new CardDataException($"the PSAM's terminal number has {answer.Data.Length} bytes, expected {PsamCommands.TerminalNumberLength}");
    }
}
