using System.Globalization;
using CardBridge.Cards.Transit;
using Microsoft.Data.Sqlite;

namespace CardBridge.Transit.Fare;

/// <summary>
/// A durable <see cref="IPendingPurchaseStore"/>: one SQLite file (WAL, <c>synchronous=FULL</c>), so a purchase
/// interrupted by a card removal is still resolved on the next tap after the gate restarted — never charged twice,
/// never free by accident. A save is on disk when it returns.
/// </summary>
public sealed class SqlitePendingPurchaseStore : IPendingPurchaseStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqlitePendingPurchaseStore(SqliteConnection connection)
    {
        _connection = connection;
    }

    /// <summary>Opens (creating when missing) the store at <paramref name="path"/>.</summary>
    /// <exception cref="TransitException">The file cannot be opened or created.</exception>
    public static async Task<SqlitePendingPurchaseStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, """
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=FULL;
                CREATE TABLE IF NOT EXISTS pending (
                    serial TEXT PRIMARY KEY COLLATE NOCASE,
                    offline_counter INTEGER NOT NULL,
                    amount_fen INTEGER NOT NULL,
                    balance_before_fen INTEGER NOT NULL,
                    terminal_id BLOB NOT NULL,
                    terminal_sequence INTEGER NOT NULL,
                    time TEXT NOT NULL);
                """, cancellationToken);
            return new SqlitePendingPurchaseStore(connection);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            await connection.DisposeAsync();
            throw new TransitException($"The pending purchase store cannot be opened at {full}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task<PendingPurchase?> FindAsync(string applicationSerial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applicationSerial);
        return await RunAsync(
            async command =>
            {
                command.CommandText = """
                    SELECT serial, offline_counter, amount_fen, balance_before_fen, terminal_id, terminal_sequence, time
                    FROM pending WHERE serial = $serial
                    """;
                command.Parameters.AddWithValue("$serial", applicationSerial);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return null;
                }
                return new PendingPurchase(
                    reader.GetString(0),
                    (ushort)reader.GetInt64(1),
                    (uint)reader.GetInt64(2),
                    (uint)reader.GetInt64(3),
                    (byte[])reader.GetValue(4),
                    (uint)reader.GetInt64(5),
                    DateTime.ParseExact(reader.GetString(6), "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task SaveAsync(PendingPurchase purchase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        await RunAsync(
            command =>
            {
                command.CommandText = """
                    INSERT OR REPLACE INTO pending (serial, offline_counter, amount_fen, balance_before_fen, terminal_id, terminal_sequence, time)
                    VALUES ($serial, $counter, $amount, $balance, $terminal, $sequence, $time)
                    """;
                command.Parameters.AddWithValue("$serial", purchase.ApplicationSerial);
                command.Parameters.AddWithValue("$counter", (long)purchase.OfflineCounter);
                command.Parameters.AddWithValue("$amount", (long)purchase.AmountFen);
                command.Parameters.AddWithValue("$balance", (long)purchase.BalanceBeforeFen);
                command.Parameters.AddWithValue("$terminal", purchase.TerminalId.ToArray());
                command.Parameters.AddWithValue("$sequence", (long)purchase.TerminalSequence);
                command.Parameters.AddWithValue("$time", purchase.Time.ToString("O", CultureInfo.InvariantCulture));
                return command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string applicationSerial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applicationSerial);
        await RunAsync(
            command =>
            {
                command.CommandText = "DELETE FROM pending WHERE serial = $serial";
                command.Parameters.AddWithValue("$serial", applicationSerial);
                return command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    /// <summary>Runs one command on the store's single connection, one at a time.</summary>
    private async Task<T> RunAsync<T>(Func<SqliteCommand, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            return await work(command);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
