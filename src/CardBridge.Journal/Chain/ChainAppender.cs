using CardBridge.Journal.Storage;
using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Chain;

/// <summary>
/// Extends the chain inside the caller's write transaction: each draft gets the next sequence, its personal fields
/// sealed, a content seal, a chain seal linking it to the record before and a state seal; the chain head then names
/// the newest record under its own seal. All of it commits or none of it, with the transaction.
/// </summary>
internal sealed class ChainAppender(JournalSeal seal, TimeProvider time)
{
    /// <summary>Appends validated drafts and returns their sequences in order.</summary>
    /// <exception cref="DuplicateJournalRecordException">A draft's UUID is already stored.</exception>
    public IReadOnlyList<long> Append(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<JournalDraft> drafts)
    {
        var head = EntryRows.ReadHead(connection, transaction);
        var createdAtMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var sequences = new long[drafts.Count];
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            if (EntryRows.FindSequence(connection, transaction, draft.Id) is { } taken)
            {
                throw new DuplicateJournalRecordException(draft.Id, taken);
            }
            var row = Seal(draft, head.Sequence + 1, createdAtMs, head.ChainMac);
            EntryRows.Insert(connection, transaction, row);
            head = (row.Sequence, row.ChainMac);
            sequences[i] = row.Sequence;
        }
        EntryRows.WriteHead(connection, transaction, head.Sequence, head.ChainMac, seal.HeadMac(head.Sequence, head.ChainMac));
        return sequences;
    }

    private StoredRow Seal(JournalDraft draft, long sequence, long createdAtMs, byte[] previousChainMac)
    {
        var (nonce, sealedPersonal) = seal.SealPersonal(sequence, draft.Id, draft.Personal);
        var row = new StoredRow(
            sequence,
            draft.Id,
            createdAtMs,
            draft.TerminalId,
            draft.Kind.Value,
            draft.Amounts,
            draft.LineItemHash.ToArray(),
            draft.CardTac.ToArray(),
            draft.CardTransactionCounter.ToArray(),
            nonce,
            sealedPersonal,
            [],
            [],
            draft.AwaitsCard ? JournalState.AwaitingCard : JournalState.Pending,
            null,
            null,
            null,
            null,
            []);
        var contentMac = seal.ContentMac(row.ContentBytes());
        return seal.WithStateSeal(row with { ContentMac = contentMac, ChainMac = seal.ChainMac(contentMac, previousChainMac) });
    }
}
