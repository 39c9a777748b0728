using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Storage;

/// <summary>
/// What every statement on the journal's file uses: a command in a transaction, rows read by their table's reader,
/// UUIDs as stored.
/// </summary>
internal static class Sql
{
    /// <summary>A command in <paramref name="transaction"/> with its <paramref name="parameters"/> bound (a null value as NULL).</summary>
    public static SqliteCommand Command(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    /// <summary>The first row <paramref name="command"/> selects, made by <paramref name="read"/>; null when it selects none.</summary>
    public static T? ReadOne<T>(SqliteCommand command, Func<SqliteDataReader, T> read) where T : class
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? read(reader) : null;
    }

    /// <summary>Every row <paramref name="command"/> selects, in order, each made by <paramref name="read"/>.</summary>
    public static List<T> ReadAll<T>(SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    /// <summary>A UUID as stored: 16 bytes in RFC 4122 (big-endian) order.</summary>
    public static byte[] Id(Guid id)
    {
        var bytes = new byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }

    public static Guid Id(SqliteDataReader reader, int ordinal) => new(reader.GetFieldValue<byte[]>(ordinal), bigEndian: true);
}
