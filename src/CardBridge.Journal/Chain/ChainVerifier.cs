using CardBridge.Journal.Storage;
using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Chain;

/// <summary>
/// Walks the journal in sequence order inside one read transaction. Per record: sequences run 1, 2, 3… without gaps;
/// the content seal covers the content at its sequence; the chain seal links it to the record before; the state seal
/// covers its upload state. Last, the chain head must name the newest record and its seal, so cutting off the newest
/// records is detected too.
/// </summary>
internal sealed class ChainVerifier(JournalSeal seal, SqliteConnection connection, SqliteTransaction transaction)
{
    public ChainVerification Verify(CancellationToken cancellationToken)
    {
        var previousChainMac = JournalSeal.Genesis;
        long expected = 1;
        using (var command = Sql.Command(connection, transaction, $"SELECT {StoredRow.Columns} FROM entries ORDER BY sequence"))
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = StoredRow.Read(reader);
                if (row.Sequence != expected)
                {
                    return Bad(ChainFault.Missing, expected, $"record {expected} is missing; the next present is {row.Sequence}", expected);
                }
                var contentOk = JournalSeal.SameMac(seal.ContentMac(row.ContentBytes()), row.ContentMac);
                var chainOk = JournalSeal.SameMac(seal.ChainMac(row.ContentMac, previousChainMac), row.ChainMac);
                if (!contentOk || !chainOk)
                {
                    return Classify(row, contentOk, chainOk, expected);
                }
                if (!JournalSeal.SameMac(seal.StateMac(row.StateBytes()), row.StateMac))
                {
                    return Bad(ChainFault.BadHmac, row.Sequence, $"record {row.Sequence}'s upload state does not match its seal", expected);
                }
                previousChainMac = row.ChainMac;
                expected++;
            }
        }
        return VerifyHead(expected - 1, previousChainMac);
    }

    private ChainVerification Classify(StoredRow row, bool contentOk, bool chainOk, long expected)
    {
        if (chainOk)
        {
            // The chain still links the stored content seal, but the content no longer matches it.
            return Bad(ChainFault.Edited, row.Sequence, $"record {row.Sequence}'s content was changed after it was sealed", expected);
        }
        if (contentOk)
        {
            return Bad(ChainFault.BadHmac, row.Sequence, $"record {row.Sequence}'s chain seal does not link it to record {row.Sequence - 1}", expected);
        }
        var origin = SealedAt(row);
        if (origin is { } from)
        {
            return Bad(ChainFault.Reordered, row.Sequence, $"record {row.Sequence} holds the content sealed as record {from}", expected);
        }
        return Bad(ChainFault.Edited, row.Sequence, $"record {row.Sequence}'s content and seals were changed", expected);
    }

    /// <summary>The other sequence this row's content was sealed at, when it is authentic content that moved.</summary>
    private long? SealedAt(StoredRow row)
    {
        using var command = Sql.Command(
            connection, transaction, "SELECT MAX(MAX(sequence), (SELECT last_sequence FROM chain_head WHERE id = 1)) FROM entries");
        var last = command.ExecuteScalar() is long value ? value : 0;
        for (long candidate = 1; candidate <= last; candidate++)
        {
            if (candidate != row.Sequence && JournalSeal.SameMac(seal.ContentMac(row.ContentBytes(candidate)), row.ContentMac))
            {
                return candidate;
            }
        }
        return null;
    }

    private ChainVerification VerifyHead(long lastSequence, byte[] lastChainMac)
    {
        using var command = Sql.Command(connection, transaction, "SELECT last_sequence, last_chain_mac, head_mac FROM chain_head WHERE id = 1");
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return Bad(ChainFault.Missing, lastSequence + 1, "the chain head is missing", lastSequence + 1);
        }
        var headSequence = reader.GetInt64(0);
        var headChainMac = reader.GetFieldValue<byte[]>(1);
        if (!JournalSeal.SameMac(seal.HeadMac(headSequence, headChainMac), reader.GetFieldValue<byte[]>(2)))
        {
            return Bad(ChainFault.BadHmac, Math.Min(headSequence, lastSequence + 1), "the chain head does not match its seal", lastSequence + 1);
        }
        if (headSequence > lastSequence)
        {
            return Bad(ChainFault.Missing, lastSequence + 1, $"records {lastSequence + 1} to {headSequence} are missing", lastSequence + 1);
        }
        if (headSequence < lastSequence)
        {
            return Bad(ChainFault.BadHmac, headSequence + 1, $"record {headSequence + 1} was added behind the journal's back", headSequence + 1);
        }
        if (!JournalSeal.SameMac(headChainMac, lastChainMac))
        {
            return Bad(ChainFault.BadHmac, lastSequence, $"record {lastSequence} is not the record the chain head sealed", lastSequence);
        }
        return ChainVerification.Intact(lastSequence);
    }

    private static ChainVerification Bad(ChainFault fault, long sequence, string detail, long expected) =>
        new(fault, sequence, detail, expected - 1);
}
