using CardBridge.Journal.Storage;
using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Calls;

/// <summary>The SQL of <c>settlement_calls</c>, run inside the journal's read and write transactions.</summary>
internal static class SettlementCallRows
{
    private const string Columns =
        "client_id, idempotency_key, operation, request_hash, state, created_at_ms, holder_key, scenario, total_fen, record_id, " +
        "target_key, msg_id, person_no, offline, settlement_id, journal_sequence, fund_fen, account_fen, cash_fen, " +
        "balance_after_fen, completed_at_ms, card_written, reversed_by, inf_no, insured_area, visit_id, breakdown";

    internal static SettlementCall? Find(SqliteConnection connection, SqliteTransaction? transaction, string clientId, string key)
    {
        using var command = Sql.Command(
            connection,
            transaction,
            $"SELECT {Columns} FROM settlement_calls WHERE client_id = $client AND idempotency_key = $key",
            ("$client", clientId),
            ("$key", key));
        return Sql.ReadOne(command, Read);
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
                scenario, total_fen, record_id, target_key, person_no, settlement_id, inf_no, insured_area, visit_id)
            VALUES ($client, $key, $operation, $hash, 0, $created, $holder, $scenario, $total, $record, $target, $person, $settlement, $infno, $area,
                $visit)
            """,
            ("$client", call.ClientId),
            ("$key", call.Key),
            ("$operation", call.Operation),
            ("$hash", call.RequestHash),
            ("$created", call.CreatedAtMs),
            ("$holder", call.HolderKey),
            ("$scenario", call.Scenario),
            ("$total", call.TotalFen),
            ("$record", Sql.Id(call.RecordId)),
            ("$target", call.TargetKey),
            ("$person", call.PersonNo),
            ("$settlement", call.SettlementId),
            ("$infno", call.InfNo),
            ("$area", call.InsuredArea),
            ("$visit", call.VisitId));
        command.ExecuteNonQuery();
        return (call, false);
    }

    /// <summary>Records the message id, person and insured area a call is about to be sent under, before it is sent.</summary>
    internal static void SetMessage(SqliteConnection connection, SqliteTransaction transaction, SettlementCall call, string msgId, string personNo) =>
        Update(
            connection, transaction, call, "msg_id = $msg, person_no = $person, insured_area = COALESCE($area, insured_area)", whileRunning: true,
            ("$msg", msgId), ("$person", personNo), ("$area", call.InsuredArea));

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
                completed_at_ms = $completed, card_written = $card, visit_id = COALESCE($visit, visit_id), breakdown = $breakdown
            WHERE client_id = $client AND idempotency_key = $key
            """,
            ("$total", call.TotalFen),
            ("$msg", call.MsgId),
            ("$person", call.PersonNo),
            ("$offline", call.Offline ? 1 : 0),
            ("$settlement", call.SettlementId),
            ("$sequence", call.JournalSequence),
            ("$fund", call.Amounts.PooledFen),
            ("$account", call.Amounts.AccountFen),
            ("$cash", call.Amounts.SelfPayFen),
            ("$balance", call.BalanceAfterFen),
            ("$completed", call.CompletedAtMs),
            ("$card", call.CardWritten ? 1 : 0),
            ("$visit", call.VisitId),
            ("$breakdown", call.Breakdown?.ToStored()));
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
            """,
            ("$holder", holderKey),
            ("$from", fromMs),
            ("$to", toMs));
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
            """,
            ("$holder", holderKey),
            ("$limit", limit));
        return Sql.ReadAll(command, Read);
    }

    internal static List<SettlementCall> Unfinished(SqliteConnection connection)
    {
        using var command = Sql.Command(
            connection, null, $"SELECT {Columns} FROM settlement_calls WHERE state = 0 AND operation <> 'reverse' ORDER BY created_at_ms");
        return Sql.ReadAll(command, Read);
    }

    /// <summary>Sets <paramref name="assignments"/> on one call's row (only while the call runs, when <paramref name="whileRunning"/>).</summary>
    private static void Update(
        SqliteConnection connection, SqliteTransaction transaction, SettlementCall call, string assignments, bool whileRunning,
        params ReadOnlySpan<(string Name, object? Value)> values)
    {
        using var command = Sql.Command(
            connection,
            transaction,
            $"UPDATE settlement_calls SET {assignments} WHERE client_id = $client AND idempotency_key = $key" + (whileRunning ? " AND state = 0" : ""),
            values);
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
        InfNo = reader.IsDBNull(23) ? null : reader.GetString(23),
        InsuredArea = reader.IsDBNull(24) ? null : reader.GetString(24),
        VisitId = reader.IsDBNull(25) ? null : reader.GetString(25),
        Breakdown = SettlementBreakdown.FromStored(reader.IsDBNull(26) ? null : reader.GetString(26)),
    };
}
