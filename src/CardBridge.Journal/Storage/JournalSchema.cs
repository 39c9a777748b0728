using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Storage;

/// <summary>The journal's tables, created or migrated when it opens; the version lives in <c>schema_version</c>.</summary>
internal static class JournalSchema
{
    // Each entry migrates from the previous version; append new ones, never edit old ones.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE journal_keys (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            encryption_check BLOB NOT NULL,
            integrity_check BLOB NOT NULL);
        CREATE TABLE chain_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_sequence INTEGER NOT NULL,
            last_chain_mac BLOB NOT NULL,
            head_mac BLOB NOT NULL);
        CREATE TABLE entries (
            sequence INTEGER PRIMARY KEY,
            id BLOB NOT NULL UNIQUE,
            created_at_ms INTEGER NOT NULL,
            terminal_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            total_fen INTEGER NOT NULL,
            account_fen INTEGER NOT NULL,
            pooled_fen INTEGER NOT NULL,
            self_pay_fen INTEGER NOT NULL,
            line_item_hash BLOB NOT NULL,
            card_tac BLOB NOT NULL,
            card_counter BLOB NOT NULL,
            personal_nonce BLOB NOT NULL,
            personal_sealed BLOB NOT NULL,
            content_mac BLOB NOT NULL,
            chain_mac BLOB NOT NULL,
            state INTEGER NOT NULL,
            state_at_ms INTEGER,
            centre_reference TEXT,
            reject_code TEXT,
            reject_reason TEXT,
            state_mac BLOB NOT NULL);
        CREATE INDEX entries_by_state ON entries (state, sequence);
        """,
        """
        ALTER TABLE entries ADD COLUMN proof_tac BLOB;
        ALTER TABLE entries ADD COLUMN proof_counter BLOB;
        """,
        """
        CREATE TABLE settlement_calls (
            client_id TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            operation TEXT NOT NULL,
            request_hash BLOB NOT NULL,
            state INTEGER NOT NULL,
            created_at_ms INTEGER NOT NULL,
            holder_key TEXT NOT NULL,
            scenario INTEGER NOT NULL,
            total_fen INTEGER NOT NULL,
            record_id BLOB NOT NULL,
            target_key TEXT,
            msg_id TEXT,
            person_no TEXT,
            offline INTEGER NOT NULL DEFAULT 0,
            settlement_id TEXT,
            journal_sequence INTEGER,
            fund_fen INTEGER NOT NULL DEFAULT 0,
            account_fen INTEGER NOT NULL DEFAULT 0,
            cash_fen INTEGER NOT NULL DEFAULT 0,
            balance_after_fen INTEGER,
            completed_at_ms INTEGER,
            card_written INTEGER NOT NULL DEFAULT 0,
            reversed_by TEXT,
            PRIMARY KEY (client_id, idempotency_key));
        CREATE INDEX settlement_calls_by_holder ON settlement_calls (holder_key, completed_at_ms);
        """,
        // Hospital visits: a call's own transaction code (NULL: a settle or reverse, coded by operation and scenario),
        // the person's insured area it went under, the visit it belongs to, and the itemised settlement.
        """
        ALTER TABLE settlement_calls ADD COLUMN inf_no TEXT;
        ALTER TABLE settlement_calls ADD COLUMN insured_area TEXT;
        ALTER TABLE settlement_calls ADD COLUMN visit_id TEXT;
        ALTER TABLE settlement_calls ADD COLUMN breakdown TEXT;
        """,
    ];

    internal static int CurrentVersion => Migrations.Length;

    /// <summary>The version the file is at, 0 for a new file; a plain read, so a read-only journal can still open.</summary>
    internal static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var exists = Sql.Command(connection, transaction, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
        if ((long)exists.ExecuteScalar()! == 0)
        {
            return 0;
        }
        using var read = Sql.Command(connection, transaction, "SELECT MAX(version) FROM schema_version");
        return read.ExecuteScalar() is long version ? (int)version : 0;
    }

    /// <summary>Brings the file to the current version inside the caller's write transaction.</summary>
    internal static void Migrate(SqliteConnection connection, SqliteTransaction transaction)
    {
        var version = ReadVersion(connection, transaction);
        if (version > CurrentVersion)
        {
            throw TooNew(version);
        }
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        for (var next = version; next < CurrentVersion; next++)
        {
            Execute(connection, transaction, Migrations[next]);
            using var record = Sql.Command(connection, transaction, "INSERT INTO schema_version (version) VALUES ($version)", ("$version", next + 1));
            record.ExecuteNonQuery();
        }
    }

    internal static JournalUnavailableException TooNew(int version) => new(
        JournalUnavailableReason.SchemaTooNew,
        $"The journal has schema version {version}; this build knows up to {CurrentVersion}.");

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = Sql.Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }
}
