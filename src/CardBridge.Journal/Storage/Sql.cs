using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Storage;

/// <summary>What every statement on the journal's file uses: a command in a transaction, UUIDs as stored, NULL for none.</summary>
internal static class Sql
{
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>A UUID as stored: 16 bytes in RFC 4122 (big-endian) order.</summary>
    public static byte[] Id(Guid id)
    {
        var bytes = new byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }

    public static Guid Id(SqliteDataReader reader, int ordinal) => new(reader.GetFieldValue<byte[]>(ordinal), bigEndian: true);

    public static object OrNull(object? value) => value ?? DBNull.Value;
}
