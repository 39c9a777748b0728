using CardBridge.Cards.Authentication;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Medical;

/// <summary>
/// Appends an offline settlement to DF04 with secure messaging: the EF08 detail record (APPEND RECORD
/// <c>04 E2 00 40</c>), then EF06 tag 92 and tag 93 (UPDATE RECORD <c>04 DC 02|03 34</c>), each after its own
/// GET CHALLENGE and with a MAC from <see cref="ISecureMessagingMac"/>. The order makes the EF08 record the journal
/// and EF06 the commit (see <see cref="OfflineLogState"/>): a card pulled between the writes leaves a state the next
/// read reports as <see cref="OfflineLogStatus.Torn"/>, and <see cref="RepairAsync"/> completes it.
/// </summary>
public sealed class OfflineSettlementWriter
{
    private const byte ClaSecureMessaging = 0x04;
    private const byte InsAppendRecord = 0xE2;
    private const byte InsUpdateRecord = 0xDC;
    private const int ChallengeLength = 8;

    private readonly ICardChannel _card;
    private readonly MedicalRecords _records;
    private readonly ISecureMessagingMac _mac;

    /// <summary>Writes to the card on <paramref name="card"/>, verifying the holder with <paramref name="verifier"/> and MACing with <paramref name="mac"/>.</summary>
    public OfflineSettlementWriter(ICardChannel card, ICardholderVerifier verifier, ISecureMessagingMac mac)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(mac);
        _card = card;
        _records = new MedicalRecords(card, verifier);
        _mac = mac;
    }

    /// <summary>
    /// Records <paramref name="settlement"/> on the card identified by <paramref name="key"/> and returns the EF08
    /// record written (its sequence is the newest record's + 1). Reads DF04 first and refuses when the log is not
    /// consistent or offline settlement is not allowed.
    /// </summary>
    /// <exception cref="OfflineSettlementRefusedException">Nothing was written.</exception>
    /// <exception cref="CardRemovedException">The card left mid-way: read it again to see what was written.</exception>
    /// <exception cref="CardCommandException">The card refused a write (9302 wrong MAC, 6982 no session).</exception>
    public async Task<MedicalTransaction> AppendAsync(CardKeyContext key, OfflineSettlement settlement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(settlement);
        var total = (ulong)settlement.AccountFen + settlement.SelfPayFen + settlement.PooledFen;
        if (total == 0)
        {
            throw new ArgumentException("an offline settlement moves a positive amount", nameof(settlement));
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
        var sequence = snapshot.Transactions.Count == 0 ? (ushort)1 : unchecked((ushort)(snapshot.Transactions[0].Sequence + 1));
        var record = new MedicalTransaction(sequence, MedicalTransactionType.OfflineSettlement, settlement.TerminalId,
            settlement.Time, settlement.AccountFen, settlement.SelfPayFen, settlement.PooledFen);
        var detail = MedicalFiles.DetailBytes(record);
        await WriteAsync(key, InsAppendRecord, 0x00, MedicalFiles.DetailSfi << 3, detail, "APPEND RECORD DF04 EF08", cancellationToken);
        await CommitAsync(key, (uint)(snapshot.Offline.CumulativeAmountFen + total), (byte)(snapshot.Offline.Count + 1), OfflineLogParts.CumulativeAmount | OfflineLogParts.Count, cancellationToken);
        return record;
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

    private async Task CommitAsync(CardKeyContext key, uint amount, byte count, OfflineLogParts parts, CancellationToken cancellationToken)
    {
        const byte ef06 = (MedicalFiles.OfflineSfi << 3) | 0x04;
        if (parts.HasFlag(OfflineLogParts.CumulativeAmount))
        {
            await WriteAsync(key, InsUpdateRecord, MedicalFiles.OfflineAmountRecord, ef06,
                MedicalFiles.OfflineAmountRecordBytes(amount), "UPDATE RECORD DF04 EF06/2", cancellationToken);
        }
        if (parts.HasFlag(OfflineLogParts.Count))
        {
            await WriteAsync(key, InsUpdateRecord, MedicalFiles.OfflineCountRecord, ef06,
                MedicalFiles.OfflineCountRecordBytes(count), "UPDATE RECORD DF04 EF06/3", cancellationToken);
        }
    }

    private async Task WriteAsync(CardKeyContext key, byte ins, byte p1, int p2, byte[] data, string what, CancellationToken cancellationToken)
    {
        var challenge = await MedicalFiles.SendAsync(_card, new CommandApdu(0x00, 0x84, 0x00, 0x00, default, ChallengeLength), "GET CHALLENGE", cancellationToken);
        if (challenge.Data.Length != ChallengeLength)
        {
            throw new CardDataException($"GET CHALLENGE returned {challenge.Data.Length} bytes, expected {ChallengeLength}");
        }
        byte[] macInput = [ClaSecureMessaging, ins, p1, (byte)p2, (byte)(data.Length + 4), .. data];
        var mac = await _mac.ComputeAsync(key, challenge.Data, macInput, cancellationToken);
        await MedicalFiles.SendAsync(_card, new CommandApdu(ClaSecureMessaging, ins, p1, (byte)p2, (byte[])[.. data, .. mac.Span]), what, cancellationToken);
    }
}
