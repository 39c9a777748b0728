using CardBridge.Journal.Chain;
using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Storage;

/// <summary>
/// The checks a journal stores when it is created (<c>journal_keys</c>), which prove at every open that the configured
/// keys are the ones it was created with, and the head of its empty chain.
/// </summary>
internal static class JournalKeys
{
    /// <summary>True when the key checks exist and match; false when there are none yet.</summary>
    /// <exception cref="JournalKeyMismatchException">A key is not the journal's.</exception>
    public static bool Check(SqliteConnection connection, SqliteTransaction? transaction, JournalSeal seal)
    {
        using var command = Sql.Command(connection, transaction, "SELECT encryption_check, integrity_check FROM journal_keys WHERE id = 1");
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return false;
        }
        if (!seal.EncryptionKeyMatches(reader.GetFieldValue<byte[]>(0)))
        {
            throw new JournalKeyMismatchException("encryption");
        }
        if (!seal.IntegrityKeyMatches(reader.GetFieldValue<byte[]>(1)))
        {
            throw new JournalKeyMismatchException("integrity");
        }
        return true;
    }

    /// <summary>Stores the key checks and the head of the empty chain (a new journal).</summary>
    public static void Create(SqliteConnection connection, SqliteTransaction transaction, JournalSeal seal)
    {
        using var keys = Sql.Command(
            connection,
            transaction,
            "INSERT INTO journal_keys (id, encryption_check, integrity_check) VALUES (1, $e, $i)",
            ("$e", seal.EncryptionKeyCheck()),
            ("$i", seal.IntegrityKeyCheck()));
        keys.ExecuteNonQuery();
        using var head = Sql.Command(
            connection,
            transaction,
            "INSERT INTO chain_head (id, last_sequence, last_chain_mac, head_mac) VALUES (1, 0, $mac, $head)",
            ("$mac", JournalSeal.Genesis),
            ("$head", seal.HeadMac(0, JournalSeal.Genesis)));
        head.ExecuteNonQuery();
    }
}
