using CardBridge.Cards.Authentication;
using CardBridge.Cards.Transit;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Medical;

/// <summary>
/// Writes an offline settlement to DF04 (DESIGN §8, issue 5 item 4): the EF08 detail record through the medical purse
/// (<see cref="MedicalPurse"/>: INITIALIZE FOR PURCHASE, PSAM MAC1, DEBIT, PSAM MAC2 — the DEBIT debits the purse and
/// appends the record in one step and gives the TAC), then EF06 tag 92 and tag 93 with secure messaging (UPDATE
/// RECORD <c>04 DC 02|03 34</c>, each after its own GET CHALLENGE, MAC from <see cref="ISecureMessagingMac"/>). The
/// order makes the EF08 record the journal and EF06 the commit (see <see cref="OfflineLogState"/>): a card pulled
/// between the DEBIT and the commit leaves a state the next read reports as <see cref="OfflineLogStatus.Torn"/>, and
/// <see cref="RepairAsync"/> completes it.
/// </summary>
/// <param name="card">The card to write to.</param>
/// <param name="verifier">Verifies the holder before the protected reads.</param>
/// <param name="mac">MACs the EF06 writes.</param>
/// <param name="psam">The PSAM that computes MAC1 and verifies MAC2 of the purse purchase.</param>
public sealed class OfflineSettlementWriter(ICardChannel card, ICardholderVerifier verifier, ISecureMessagingMac mac, ICardChannel psam)
{
    private const byte SecureMessagingCla = 0x04;
    private const int ChallengeLength = 8;
    private const int TerminalIdDigits = 12;

    private readonly ICardChannel _card = card ?? throw new ArgumentNullException(nameof(card));
    private readonly ISecureMessagingMac _mac = mac ?? throw new ArgumentNullException(nameof(mac));
    private readonly ICardChannel _psam = psam ?? throw new ArgumentNullException(nameof(psam));
    private readonly MedicalRecords _records = new(card, verifier);
    private readonly MedicalPurse _purse = new(card);

    /// <summary>
    /// Records <paramref name="settlement"/> on the card identified by <paramref name="key"/>: debits
    /// <see cref="OfflineSettlement.AccountFen"/> from the medical purse, which appends the EF08 record (its sequence
    /// the newest record's + 1), then commits EF06. Reads DF04 first and refuses when the log is not consistent or
    /// offline settlement is not allowed. <see cref="OfflineSettlement.TerminalId"/> must be the PSAM's terminal
    /// number (MAC1 is computed over it).
    /// </summary>
    /// <exception cref="OfflineSettlementRefusedException">Nothing was written (also when the purse is short: <see cref="OfflineRefusal.InsufficientFunds"/>).</exception>
    /// <exception cref="PurseMacException">The card refused MAC1 (nothing written), or the PSAM refused the card's MAC2 (EF06 not committed).</exception>
    /// <exception cref="OfflineSettlementTornException">The card was debited but the EF06 commit did not complete; it carries the TAC.</exception>
    /// <exception cref="CardRemovedException">The card left before the DEBIT answered: read it again to see what was written.</exception>
    /// <exception cref="CardCommandException">The card or the PSAM refused a command.</exception>
    public async Task<OfflineCardWrite> AppendAsync(CardKeyContext key, OfflineSettlement settlement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(settlement);
        var total = (ulong)settlement.AccountFen + settlement.SelfPayFen + settlement.PooledFen;
        if (total == 0)
        {
            throw new ArgumentException("an offline settlement moves a positive amount", nameof(settlement));
        }
        if (settlement.TerminalId.Length != TerminalIdDigits || !settlement.TerminalId.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"the terminal id is the PSAM's {TerminalIdDigits}-digit terminal number", nameof(settlement));
        }
        var snapshot = await _records.ReadAsync(cancellationToken);
        var refusal = snapshot switch
        {
            { Log.Status: OfflineLogStatus.Torn } => OfflineRefusal.LogTorn,
            { Log.Status: OfflineLogStatus.Inconsistent } => OfflineRefusal.LogInconsistent,
            { Offline.OfflineAllowed: false } => OfflineRefusal.NotAllowed,
            { Offline.Count: byte.MaxValue } => OfflineRefusal.LimitReached,
            _ when snapshot.Offline.CumulativeAmountFen + total > uint.MaxValue => OfflineRefusal.LimitReached,
            _ => (OfflineRefusal?)null,
        };
        if (refusal is { } reason)
        {
            throw new OfflineSettlementRefusedException(reason, snapshot.Log);
        }
        var debit = await _purse.DebitAsync(key, settlement, _psam, cancellationToken)
            ?? throw new OfflineSettlementRefusedException(OfflineRefusal.InsufficientFunds, snapshot.Log);
        // The card numbers the record it appends as its newest record's + 1 and keeps the time to the second.
        var sequence = snapshot.Transactions.Count == 0 ? (ushort)1 : unchecked((ushort)(snapshot.Transactions[0].Sequence + 1));
        var time = settlement.Time.AddTicks(-(settlement.Time.Ticks % TimeSpan.TicksPerSecond));
        var record = new MedicalTransaction(sequence, MedicalTransactionType.OfflineSettlement, settlement.TerminalId,
            time, settlement.AccountFen, settlement.SelfPayFen, settlement.PooledFen);
        var write = new OfflineCardWrite(record, debit.Tac, debit.CardTransactionCounter, debit.BalanceAfterFen)
        {
            TerminalSequence = debit.TerminalSequence,
        };
        try
        {
            await CommitAsync(key, (uint)(snapshot.Offline.CumulativeAmountFen + total), (byte)(snapshot.Offline.Count + 1),
                OfflineLogParts.CumulativeAmount | OfflineLogParts.Count, cancellationToken);
        }
        catch (Exception e) when (e is Iso7816Exception or CardException)
        {
            throw new OfflineSettlementTornException(write, e);
        }
        return write;
    }

    /// <summary>
    /// Records <paramref name="settlement"/> as <see cref="AppendAsync"/> does, for a terminal that must leave the card
    /// consistent: a settlement an earlier write left torn (card pulled after its DEBIT) is completed first; one this
    /// write tears is completed at once if the card is still there (otherwise its next offline settlement completes
    /// it) and returned all the same, since the card was debited and holds its record.
    /// </summary>
    /// <exception cref="OfflineSettlementRefusedException">The card refuses offline settlement; nothing was written.</exception>
    /// <exception cref="OfflineSettlementUncertainException">The card left or went mute during the write, or the PSAM refused its MAC2: it may hold the settlement.</exception>
    /// <exception cref="CardCommandException">The card or the PSAM refused a command before the DEBIT.</exception>
    public async Task<OfflineCardWrite> AppendRepairingAsync(CardKeyContext key, OfflineSettlement settlement, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                return await AppendAsync(key, settlement, cancellationToken);
            }
            catch (OfflineSettlementRefusedException refused) when (refused.Reason == OfflineRefusal.LogTorn)
            {
                await RepairAsync(key, cancellationToken);
                return await AppendAsync(key, settlement, cancellationToken);
            }
        }
        catch (OfflineSettlementTornException torn)
        {
            await TryRepairAsync(key, cancellationToken);
            return torn.Write;
        }
        catch (PurseMacException mac) when (mac.DebitMayHaveHappened)
        {
            throw new OfflineSettlementUncertainException("the PSAM refused the card's MAC2 after the debit", mac);
        }
        catch (Exception e) when (e is CardRemovedException or CardResetException or CardMuteException)
        {
            throw new OfflineSettlementUncertainException("the card left during the offline settlement write", e);
        }
    }

    /// <summary>
    /// Completes a torn offline settlement (rolls EF06 forward to account for the EF08 record already written) and
    /// returns the log state before the repair; a consistent log is left alone.
    /// </summary>
    /// <exception cref="OfflineSettlementRefusedException">The log is inconsistent beyond a torn write.</exception>
    public async Task<OfflineLogState> RepairAsync(CardKeyContext key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var snapshot = await _records.ReadAsync(cancellationToken);
        switch (snapshot.Log.Status)
        {
            case OfflineLogStatus.Consistent:
                return snapshot.Log;
            case OfflineLogStatus.Inconsistent:
                throw new OfflineSettlementRefusedException(OfflineRefusal.LogInconsistent, snapshot.Log);
        }
        var record = snapshot.Log.Unaccounted!;
        var amount = snapshot.Log.Missing.HasFlag(OfflineLogParts.CumulativeAmount)
            ? (uint)(snapshot.Offline.CumulativeAmountFen + record.TotalFen)
            : snapshot.Offline.CumulativeAmountFen;
        await CommitAsync(key, amount, (byte)(snapshot.Offline.Count + 1), snapshot.Log.Missing, cancellationToken);
        return snapshot.Log;
    }

    private async Task TryRepairAsync(CardKeyContext key, CancellationToken cancellationToken)
    {
        try
        {
            await RepairAsync(key, cancellationToken);
        }
        catch (Exception e) when (e is CardException or Iso7816Exception)
        {
            // The card is gone or refuses: the torn log is repaired the next time it settles offline.
        }
    }

    private async Task CommitAsync(CardKeyContext key, uint amount, byte count, OfflineLogParts parts, CancellationToken cancellationToken)
    {
        if (parts.HasFlag(OfflineLogParts.CumulativeAmount))
        {
            await WriteAsync(key, MedicalFiles.OfflineAmountRecord, MedicalFiles.OfflineAmountRecordBytes(amount), "UPDATE RECORD DF04 EF06/2", cancellationToken);
        }
        if (parts.HasFlag(OfflineLogParts.Count))
        {
            await WriteAsync(key, MedicalFiles.OfflineCountRecord, MedicalFiles.OfflineCountRecordBytes(count), "UPDATE RECORD DF04 EF06/3", cancellationToken);
        }
    }

    private async Task WriteAsync(CardKeyContext key, byte record, byte[] data, string what, CancellationToken cancellationToken)
    {
        var challenge = await CardCommand.SendAsync(_card, CommandApdu.GetChallenge(ChallengeLength), "GET CHALLENGE", cancellationToken);
        if (challenge.Data.Length != ChallengeLength)
        {
            throw new CardDataException($"GET CHALLENGE returned {challenge.Data.Length} bytes, expected {ChallengeLength}");
        }
        var update = CommandApdu.UpdateRecord(MedicalFiles.OfflineSfi, record, data, SecureMessagingCla);
        var mac = await _mac.ComputeAsync(key, challenge.Data, SecureMessaging.MacInput(update), cancellationToken);
        await CardCommand.SendAsync(_card, update with { Data = (byte[])[.. data, .. mac.Span] }, what, cancellationToken);
    }
}
