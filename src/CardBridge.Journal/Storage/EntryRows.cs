using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Storage;

/// <summary>The SQL of the <c>entries</c> table and its chain head, run inside the caller's read or write transaction.</summary>
internal static class EntryRows
{
    private const string Select = $"SELECT {StoredRow.Columns} FROM entries";

    public static StoredRow? Read(SqliteConnection connection, SqliteTransaction? transaction, long sequence)
    {
        using var command = Sql.Command(connection, transaction, $"{Select} WHERE sequence = $sequence", ("$sequence", sequence));
        return Sql.ReadOne(command, StoredRow.Read);
    }

    public static StoredRow? Find(SqliteConnection connection, Guid id)
    {
        using var command = Sql.Command(connection, null, $"{Select} WHERE id = $id", ("$id", Sql.Id(id)));
        return Sql.ReadOne(command, StoredRow.Read);
    }

    public static long? FindSequence(SqliteConnection connection, SqliteTransaction transaction, Guid id)
    {
        using var command = Sql.Command(connection, transaction, "SELECT sequence FROM entries WHERE id = $id", ("$id", Sql.Id(id)));
        return command.ExecuteScalar() is long sequence ? sequence : null;
    }

    /// <summary>Rows in sequence order from <paramref name="fromSequence"/> on, only those in <paramref name="state"/> unless it is null.</summary>
    public static List<StoredRow> List(SqliteConnection connection, JournalState? state, long fromSequence, int limit)
    {
        using var command = Sql.Command(
            connection, null, $"{Select} WHERE sequence >= $from AND ($state IS NULL OR state = $state) ORDER BY sequence LIMIT $limit",
            ("$from", fromSequence),
            ("$state", state is { } s ? (int)s : null),
            ("$limit", limit));
        return Sql.ReadAll(command, StoredRow.Read);
    }

    /// <summary>The oldest row not yet at the centre: pending or awaiting its card.</summary>
    public static StoredRow? NextPending(SqliteConnection connection)
    {
        using var command = Sql.Command(connection, null, $"{Select} WHERE state IN (0, 3) ORDER BY sequence LIMIT 1");
        return Sql.ReadOne(command, StoredRow.Read);
    }

    public static List<StoredRow> AwaitingCard(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Sql.Command(connection, transaction, $"{Select} WHERE state = 3 ORDER BY sequence");
        return Sql.ReadAll(command, StoredRow.Read);
    }

    public static JournalStats Stats(SqliteConnection connection, DateTimeOffset now)
    {
        using var command = Sql.Command(
            connection,
            null,
            """
            SELECT
                COALESCE(SUM(state IN (0, 3)), 0), COALESCE(SUM(state = 1), 0), COALESCE(SUM(state = 2), 0),
                MIN(CASE WHEN state IN (0, 3) THEN created_at_ms END), COALESCE(MAX(sequence), 0),
                COALESCE(SUM(state = 4), 0)
            FROM entries
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        // A clock set back must not show a negative age.
        TimeSpan? oldestAge = reader.IsDBNull(3)
            ? null
            : TimeSpan.FromTicks(Math.Max(0, (now - DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))).Ticks));
        return new JournalStats(reader.GetInt64(0), oldestAge, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(4), reader.GetInt64(5));
    }

    /// <summary>The money in records of <paramref name="kind"/> the centre has not acknowledged yet.</summary>
    public static long PendingTotal(SqliteConnection connection, SqliteTransaction transaction, JournalKind kind)
    {
        using var command = Sql.Command(
            connection,
            transaction,
            "SELECT COALESCE(SUM(total_fen), 0) FROM entries WHERE state IN (0, 3) AND kind = $kind",
            ("$kind", kind.Value));
        return (long)command.ExecuteScalar()!;
    }

    public static void Insert(SqliteConnection connection, SqliteTransaction transaction, StoredRow row)
    {
        using var command = Sql.Command(
            connection,
            transaction,
            $"""
            INSERT INTO entries ({StoredRow.Columns}) VALUES (
                $sequence, $id, $created, $terminal, $kind, $total, $account, $pooled, $self,
                $items, $tac, $counter, $nonce, $personal, $content, $chain, $initial, NULL, NULL, NULL, NULL, $state, NULL, NULL)
            """,
            ("$initial", (int)row.State),
            ("$sequence", row.Sequence),
            ("$id", Sql.Id(row.Id)),
            ("$created", row.CreatedAtMs),
            ("$terminal", row.TerminalId),
            ("$kind", row.Kind),
            ("$total", row.Amounts.TotalFen),
            ("$account", row.Amounts.AccountFen),
            ("$pooled", row.Amounts.PooledFen),
            ("$self", row.Amounts.SelfPayFen),
            ("$items", row.LineItemHash),
            ("$tac", row.CardTac),
            ("$counter", row.CardCounter),
            ("$nonce", row.PersonalNonce),
            ("$personal", row.PersonalSealed),
            ("$content", row.ContentMac),
            ("$chain", row.ChainMac),
            ("$state", row.StateMac));
        command.ExecuteNonQuery();
    }

    /// <summary>Stores a row's new state and state seal, only while it is still in <paramref name="from"/>.</summary>
    public static void UpdateState(SqliteConnection connection, SqliteTransaction transaction, StoredRow changed, JournalState from)
    {
        using var update = Sql.Command(
            connection,
            transaction,
            """
            UPDATE entries SET state = $state, state_at_ms = $at, centre_reference = $ref, reject_code = $code,
                reject_reason = $reason, state_mac = $mac, proof_tac = $tac, proof_counter = $counter
            WHERE sequence = $sequence AND state = $from
            """,
            ("$state", (int)changed.State),
            ("$at", changed.StateAtMs),
            ("$ref", changed.CentreReference),
            ("$code", changed.RejectCode),
            ("$reason", changed.RejectReason),
            ("$mac", changed.StateMac),
            ("$tac", changed.ProofTac),
            ("$counter", changed.ProofCounter),
            ("$sequence", changed.Sequence),
            ("$from", (int)from));
        update.ExecuteNonQuery();
    }

    public static (long Sequence, byte[] ChainMac) ReadHead(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Sql.Command(connection, transaction, "SELECT last_sequence, last_chain_mac FROM chain_head WHERE id = 1");
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new JournalUnavailableException(JournalUnavailableReason.Corrupt, "The journal's chain head is missing.");
        }
        return (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
    }

    public static void WriteHead(SqliteConnection connection, SqliteTransaction transaction, long sequence, byte[] chainMac, byte[] headMac)
    {
        using var command = Sql.Command(
            connection,
            transaction,
            "UPDATE chain_head SET last_sequence = $sequence, last_chain_mac = $mac, head_mac = $head WHERE id = 1",
            ("$sequence", sequence),
            ("$mac", chainMac),
            ("$head", headMac));
        command.ExecuteNonQuery();
    }
}
