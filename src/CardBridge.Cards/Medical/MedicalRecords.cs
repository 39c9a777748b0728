using CardBridge.Iso7816;

namespace CardBridge.Cards.Medical;

/// <summary>
/// Reads DF04 medical insurance (DESIGN §8): EF05 basics without a PIN; EF06 offline settlement state and EF08
/// transaction details after <see cref="ICardholderVerifier"/> has verified the holder. Every call selects DF04
/// first, so the card may have been used for something else in between.
/// </summary>
/// <param name="card">The card to read.</param>
/// <param name="verifier">Verifies the holder before the protected reads.</param>
public sealed class MedicalRecords(ICardChannel card, ICardholderVerifier verifier)
{
    private readonly ICardChannel _card = card ?? throw new ArgumentNullException(nameof(card));
    private readonly ICardholderVerifier _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));

    /// <summary>EF05: insurance type and usage mode (3 APDUs, no PIN).</summary>
    /// <exception cref="CardCommandException">The card has no DF04 or refuses a read.</exception>
    /// <exception cref="CardDataException">EF05 does not follow the specification.</exception>
    public async Task<MedicalBasics> ReadBasicsAsync(CancellationToken cancellationToken)
    {
        await SelectAsync(cancellationToken);
        return await BasicsAsync(cancellationToken);
    }

    /// <summary>EF06: offline allowed, cumulative amount, count (after the holder's PIN).</summary>
    public async Task<OfflineSettlementState> ReadOfflineStateAsync(CancellationToken cancellationToken)
    {
        await SelectAsync(cancellationToken);
        await _verifier.VerifyAsync(_card, cancellationToken);
        return await OfflineAsync(cancellationToken);
    }

    /// <summary>EF08: the transaction details, newest first (after the holder's PIN).</summary>
    public async Task<IReadOnlyList<MedicalTransaction>> ReadTransactionsAsync(CancellationToken cancellationToken)
    {
        await SelectAsync(cancellationToken);
        await _verifier.VerifyAsync(_card, cancellationToken);
        return await TransactionsAsync(cancellationToken);
    }

    /// <summary>EF05, EF06 and EF08 with one PIN verification, and whether the offline log is whole (<see cref="OfflineLogState"/>).</summary>
    public async Task<MedicalSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await SelectAsync(cancellationToken);
        var basics = await BasicsAsync(cancellationToken);
        await _verifier.VerifyAsync(_card, cancellationToken);
        var offline = await OfflineAsync(cancellationToken);
        var transactions = await TransactionsAsync(cancellationToken);
        return new MedicalSnapshot(basics, offline, transactions, OfflineLogState.Check(offline, transactions));
    }

    private Task<ResponseApdu> SelectAsync(CancellationToken cancellationToken) =>
        CardCommand.SendAsync(_card, MedicalFiles.SelectDf04, "SELECT DF04", cancellationToken);

    private async Task<MedicalBasics> BasicsAsync(CancellationToken cancellationToken)
    {
        var type = await ReadAsync(MedicalFiles.BasicsSfi, 1, cancellationToken);
        var mode = await ReadAsync(MedicalFiles.BasicsSfi, 2, cancellationToken);
        return MedicalFiles.ParseBasics(type, mode);
    }

    private async Task<OfflineSettlementState> OfflineAsync(CancellationToken cancellationToken)
    {
        var allowed = await ReadAsync(MedicalFiles.OfflineSfi, 1, cancellationToken);
        var amount = await ReadAsync(MedicalFiles.OfflineSfi, MedicalFiles.OfflineAmountRecord, cancellationToken);
        var count = await ReadAsync(MedicalFiles.OfflineSfi, MedicalFiles.OfflineCountRecord, cancellationToken);
        return MedicalFiles.ParseOffline(allowed, amount, count);
    }

    private async Task<IReadOnlyList<MedicalTransaction>> TransactionsAsync(CancellationToken cancellationToken)
    {
        var transactions = new List<MedicalTransaction>();
        for (var number = 1; number <= MedicalFiles.MaxDetailRecords; number++)
        {
            var response = await CardCommand.SendOrNullAsync(_card, CommandApdu.ReadRecord(MedicalFiles.DetailSfi, number),
                StatusWord.RecordNotFound, $"READ RECORD DF04 EF08/{number}", cancellationToken);
            if (response is null)
            {
                break;
            }
            transactions.Add(MedicalFiles.ParseDetail(response.Data.Span, number));
        }
        return transactions;
    }

    // READ RECORD with Le 00: the card answers 6Cxx and the channel re-issues with the record length.
    private async Task<ReadOnlyMemory<byte>> ReadAsync(byte sfi, int record, CancellationToken cancellationToken) =>
        (await CardCommand.SendAsync(_card, CommandApdu.ReadRecord(sfi, record), $"READ RECORD DF04 EF{sfi:X2}/{record}", cancellationToken)).Data;
}
