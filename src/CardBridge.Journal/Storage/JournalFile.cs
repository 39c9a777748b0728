using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Storage;

/// <summary>
/// The journal's SQLite file: its connections, reads on pooled connections, and the one place a SQLite failure
/// becomes a <see cref="JournalUnavailableException"/>. Every connection runs with <c>synchronous=FULL</c>, so a
/// commit is durable when it returns.
/// </summary>
internal sealed class JournalFile
{
    private readonly string _connectionString;
    private bool _closed;

    public JournalFile(string path, TimeSpan busyTimeout)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
        // The writer is never pooled: after a failure it is replaced by a truly new connection (a pooled one could
        // be one SQLite opened read-only while the file was not writable).
        WriterConnectionString = new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString();
    }

    public string WriterConnectionString { get; }

    /// <summary>Runs <paramref name="work"/> on a reader connection of its own.</summary>
    /// <exception cref="JournalUnavailableException">SQLite failed.</exception>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, typeof(OfflineJournal));
        try
        {
            await using var connection = await OpenAsync(_connectionString, cancellationToken);
            return work(connection);
        }
        catch (SqliteException e)
        {
            throw Unavailable(e, "read");
        }
    }

    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            using var synchronous = Sql.Command(connection, null, "PRAGMA synchronous=FULL");
            synchronous.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static JournalUnavailableException Unavailable(SqliteException e, string doing)
    {
        // SQLite primary result codes: https://sqlite.org/rescode.html
        var reason = e.SqliteErrorCode switch
        {
            13 => JournalUnavailableReason.DiskFull,
            8 => JournalUnavailableReason.ReadOnly,
            5 or 6 => JournalUnavailableReason.Locked,
            3 or 14 => JournalUnavailableReason.CannotOpen,
            11 or 26 => JournalUnavailableReason.Corrupt,
            _ => JournalUnavailableReason.IoError,
        };
        return new JournalUnavailableException(reason, $"Journal {doing} failed: {reason}.", e);
    }

    /// <summary>Refuses every later read and closes the pooled reader connections.</summary>
    public void Close()
    {
        _closed = true;
        using var readers = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(readers);
    }
}
