using CardBridge.Journal.Storage;
using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Calls;

/// <summary>The SQL of <c>settlement_calls</c>, run inside the journal's read and write transactions.</summary>
internal static class SettlementCallRows
{
    private const string Columns =
        "client_id, idempotency_key, operation, request_hash, state, created_at_ms, holder_key, scenario, total_fen, record_id, " +
        "target_key, msg_id, person_no, offline, settlement_id, journal_sequence, fund_fen, account_fen, cash_fen, " +
        "balance_after_fen, completed_at_ms, card_written, reversed_by";

    internal static SettlementCall? Find(SqliteConnection connection, SqliteTransaction? transaction, string clientId, string key)
    {
        using var command = Sql.Command(connection, transaction, $"SELECT {Columns} FROM settlement_calls WHERE client_id = $client AND idempotency_key = $key");
        command.Parameters.AddWithValue("$client", clientId);
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>Stores <paramref name="call"/> unless the key is taken; returns the stored call and whether it was there before.</summary>
    internal static (SettlementCall Call, bool Existed) Begin(SqliteConnection connection, SqliteTransaction transaction, SettlementCall call)
    {
        if (Find(connection, transaction, call.ClientId, call.Key) is { } existing)
        {
            return (existing, true);
        }
        using var command = Sql.Command(
            connection,
            transaction,
            """
            INSERT INTO settlement_calls (client_id, idempotency_key, operation, request_hash, state, created_at_ms, holder_key,
                scenario, total_fen, record_id, target_key, person_no, settlement_id)
            VALUES ($client, $key, $operation, $hash, 0, $created, $holder, $scenario, $total, $record, $target, $person, $settlement)
            """);
        command.Parameters.AddWithValue("$client", call.ClientId);
        command.Parameters.AddWithValue("$key", call.Key);
        command.Parameters.AddWithValue("$operation", call.Operation);
        command.Parameters.AddWithValue("$hash", call.RequestHash);
        command.Parameters.AddWithValue("$created", call.CreatedAtMs);
        command.Parameters.AddWithValue("$holder", call.HolderKey);
        command.Parameters.AddWithValue("$scenario", call.Scenario);
        command.Parameters.AddWithValue("$total", call.TotalFen);
        command.Parameters.AddWithValue("$record", Sql.Id(call.RecordId));
        command.Parameters.AddWithValue("$target", Sql.OrNull(call.TargetKey));
        command.Parameters.AddWithValue("$person", Sql.OrNull(call.PersonNo));
        command.Parameters.AddWithValue("$settlement", Sql.OrNull(call.SettlementId));
        command.ExecuteNonQuery();
        return (call, false);
    }

    /// <summary>Records the message id (and person) a settle is about to be sent under, before it is sent.</summary>
    internal static void SetMessage(SqliteConnection connection, SqliteTransaction transaction, SettlementCall call, string msgId, string personNo) =>
        Update(connection, transaction, call, "msg_id = $msg, person_no = $person", whileRunning: true, ("$msg", msgId), ("$person", personNo));

    /// <summary>Ties an offline settle to its journal record (same transaction as the append).</summary>
    internal static void SetJournalSequence(SqliteConnection connection, SqliteTransaction transaction, SettlementCall call, long sequence) =>
        Update(connection, transaction, call, "journal_sequence = $sequence", whileRunning: false, ("$sequence", sequence));

    internal static void Complete(SqliteConnection connection, SqliteTransaction transaction, SettlementCall call)
    {
        using var command = Sql.Command(
            connection,
            transaction,
            """
            UPDATE settlement_calls SET state = 1, total_fen = $total, msg_id = $msg, person_no = $person, offline = $offline, settlement_id = $settlement,
                journal_sequence = $sequence, fund_fen = $fund, account_fen = $account, cash_fen = $cash, balance_after_fen = $balance,
                completed_at_ms = $completed, card_written = $card
            WHERE client_id = $client AND idempotency_key = $key
            """);
        command.Parameters.AddWithValue("$total", call.TotalFen);
        command.Parameters.AddWithValue("$msg", Sql.OrNull(call.MsgId));
        command.Parameters.AddWithValue("$person", Sql.OrNull(call.PersonNo));
        command.Parameters.AddWithValue("$offline", call.Offline ? 1 : 0);
        command.Parameters.AddWithValue("$settlement", Sql.OrNull(call.SettlementId));
        command.Parameters.AddWithValue("$sequence", Sql.OrNull(call.JournalSequence));
        command.Parameters.AddWithValue("$fund", call.Amounts.PooledFen);
        command.Parameters.AddWithValue("$account", call.Amounts.AccountFen);
        command.Parameters.AddWithValue("$cash", call.Amounts.SelfPayFen);
        command.Parameters.AddWithValue("$balance", Sql.OrNull(call.BalanceAfterFen));
        command.Parameters.AddWithValue("$completed", Sql.OrNull(call.CompletedAtMs));
        command.Parameters.AddWithValue("$card", call.CardWritten ? 1 : 0);
        Bind(command, call);
        command.ExecuteNonQuery();
    }

    internal static void MarkReversed(SqliteConnection connection, SqliteTransaction transaction, SettlementCall settle, string reversalKey) =>
        Update(connection, transaction, settle, "reversed_by = $by", whileRunning: false, ("$by", reversalKey));

    /// <summary>Forgets a call that changed nothing anywhere, so its key can be used again.</summary>
    internal static void Forget(SqliteConnection connection, SqliteTransaction transaction, SettlementCall call)
    {
        using var command = Sql.Command(
            connection, transaction, "DELETE FROM settlement_calls WHERE client_id = $client AND idempotency_key = $key AND state = 0");
        Bind(command, call);
        command.ExecuteNonQuery();
    }

    /// <summary>What one holder settled offline and has not had reversed, completed in [from, to).</summary>
    internal static long OfflineTotal(SqliteConnection connection, SqliteTransaction transaction, string holderKey, long fromMs, long toMs)
    {
        using var command = Sql.Command(
            connection,
            transaction,
            """
            SELECT COALESCE(SUM(total_fen), 0) FROM settlement_calls
            WHERE holder_key = $holder AND operation = 'settle' AND offline = 1 AND state = 1 AND completed_at_ms >= $from AND completed_at_ms < $to
            """);
        command.Parameters.AddWithValue("$holder", holderKey);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        return (long)command.ExecuteScalar()!;
    }

    internal static List<SettlementCall> Recent(SqliteConnection connection, string holderKey, int limit)
    {
        using var command = Sql.Command(
            connection,
            null,
            $"""
            SELECT {Columns} FROM settlement_calls WHERE holder_key = $holder AND operation = 'settle' AND state = 1
            ORDER BY completed_at_ms DESC LIMIT $limit
            """);
        command.Parameters.AddWithValue("$holder", holderKey);
        command.Parameters.AddWithValue("$limit", limit);
        return ReadAll(command);
    }

    internal static List<SettlementCall> Unfinished(SqliteConnection connection)
    {
        using var command = Sql.Command(
            connection, null, $"SELECT {Columns} FROM settlement_calls WHERE state = 0 AND operation = 'settle' ORDER BY created_at_ms");
        return ReadAll(command);
    }

    private static List<SettlementCall> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var calls = new List<SettlementCall>();
        while (reader.Read())
        {
            calls.Add(Read(reader));
        }
        return calls;
    }

    /// <summary>Sets <paramref name="assignments"/> on one call's row (only while the call runs, when <paramref name="whileRunning"/>).</summary>
    private static void Update(
        SqliteConnection connection, SqliteTransaction transaction, SettlementCall call, string assignments, bool whileRunning, params (string Name, object Value)[] values)
    {
        using var command = Sql.Command(
            connection,
            transaction,
            $"UPDATE settlement_calls SET {assignments} WHERE client_id = $client AND idempotency_key = $key" + (whileRunning ? " AND state = 0" : ""));
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, value);
        }
        Bind(command, call);
        command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, SettlementCall call)
    {
        command.Parameters.AddWithValue("$client", call.ClientId);
        command.Parameters.AddWithValue("$key", call.Key);
    }

    private static SettlementCall Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetFieldValue<byte[]>(3),
        reader.GetInt32(4) == 1,
        reader.GetInt64(5),
        reader.GetString(6),
        reader.GetInt32(7),
        reader.GetInt64(8),
        Sql.Id(reader, 9))
    {
        TargetKey = reader.IsDBNull(10) ? null : reader.GetString(10),
        MsgId = reader.IsDBNull(11) ? null : reader.GetString(11),
        PersonNo = reader.IsDBNull(12) ? null : reader.GetString(12),
        Offline = reader.GetInt32(13) == 1,
        SettlementId = reader.IsDBNull(14) ? null : reader.GetString(14),
        JournalSequence = reader.IsDBNull(15) ? null : reader.GetInt64(15),
        Amounts = new PaymentSplit(reader.GetInt64(8), AccountFen: reader.GetInt64(17), PooledFen: reader.GetInt64(16), SelfPayFen: reader.GetInt64(18)),
        BalanceAfterFen = reader.IsDBNull(19) ? null : reader.GetInt64(19),
        CompletedAtMs = reader.IsDBNull(20) ? null : reader.GetInt64(20),
        CardWritten = reader.GetInt32(21) == 1,
        ReversedBy = reader.IsDBNull(22) ? null : reader.GetString(22),
    };
}
