using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Qr.Replay;

/// <summary>
/// Makes codes single-use: <see cref="ConsumeAsync(ReadOnlyMemory{byte}, DateTimeOffset, CancellationToken)"/> accepts a
/// code the first time and refuses it with <see cref="QrReplayedException"/> ever after. Only the SHA-256 digest of a
/// code is stored, never the code. The entries live in SQLite (WAL, synchronous=FULL: an accepted code is on disk before
/// the call returns), so they survive restarts; the number of entries is bounded (<see cref="QrReplayCacheOptions.MaxEntries"/>).
/// Safe for concurrent callers: of two presentations of one code at once exactly one is accepted.
/// </summary>
public sealed partial class QrReplayCache : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly int _maxEntries;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _count;
    private bool _disposed;

    private QrReplayCache(SqliteConnection connection, QrReplayCacheOptions options, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _maxEntries = options.MaxEntries;
        _retention = options.ExpiredRetention;
        _time = time;
        _logger = logger;
    }

    /// <summary>Opens (or creates) the cache database and forgets entries that have expired.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="SqliteException">The database cannot be opened.</exception>
    public static async Task<QrReplayCache> OpenAsync(
        QrReplayCacheOptions options, TimeProvider timeProvider, ILogger<QrReplayCache>? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxEntries, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ExpiredRetention, TimeSpan.Zero, nameof(options));
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, null, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                PRAGMA busy_timeout = 5000;
                CREATE TABLE IF NOT EXISTS used_code (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    digest BLOB NOT NULL UNIQUE,
                    used_at INTEGER NOT NULL,
                    keep_until INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS used_code_keep_until ON used_code (keep_until);
                """, cancellationToken);
            var cache = new QrReplayCache(connection, options, timeProvider, logger ?? NullLogger<QrReplayCache>.Instance);
            await cache.OpenedAsync(cancellationToken);
            return cache;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Number of codes remembered.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>
    /// Accepts <paramref name="code"/> (its canonical bytes, e.g. <c>TransitQrCode.Bytes</c>) once, remembering it at
    /// least until <paramref name="expiresAt"/> plus the retention; throws <see cref="QrReplayedException"/> if it was
    /// accepted before. The acceptance is durable when the task completes.
    /// </summary>
    /// <exception cref="QrReplayedException">The code was already accepted.</exception>
    public async Task ConsumeAsync(ReadOnlyMemory<byte> code, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var digest = SHA256.HashData(code.Span);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow();
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            await using (var insert = _connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO used_code (digest, used_at, keep_until) VALUES ($digest, $usedAt, $keepUntil)
                    ON CONFLICT (digest) DO NOTHING
                    """;
                insert.Parameters.AddWithValue("$digest", digest);
                insert.Parameters.AddWithValue("$usedAt", now.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$keepUntil", (expiresAt + _retention).ToUnixTimeMilliseconds());
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    throw new QrReplayedException("the code was already used");
                }
            }
            var count = _count + 1;
            if (count > _maxEntries)
            {
                count = await EvictAsync(transaction, now, count, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            Volatile.Write(ref _count, count);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Accepts a code given as the scanned text (its UTF-8 bytes) once; see <see cref="ConsumeAsync(ReadOnlyMemory{byte}, DateTimeOffset, CancellationToken)"/>.</summary>
    /// <exception cref="QrReplayedException">The code was already accepted.</exception>
    public Task ConsumeAsync(string text, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ConsumeAsync(Encoding.UTF8.GetBytes(text), expiresAt, cancellationToken);
    }

    /// <summary>Closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            await _connection.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task OpenedAsync(CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        var removed = await ExecuteAsync(_connection, transaction, "DELETE FROM used_code WHERE keep_until < $now",
            cancellationToken, ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds()));
        await using var count = _connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = "SELECT COUNT(*) FROM used_code";
        _count = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken);
        LogOpened(_count, removed);
    }

    // Expired entries go first; if that is not enough, the oldest live ones (each eviction reopens a replay window).
    private async Task<long> EvictAsync(SqliteTransaction transaction, DateTimeOffset now, long count, CancellationToken cancellationToken)
    {
        count -= await ExecuteAsync(_connection, transaction, "DELETE FROM used_code WHERE keep_until < $now",
            cancellationToken, ("$now", now.ToUnixTimeMilliseconds()));
        var excess = count - _maxEntries;
        if (excess > 0)
        {
            count -= await ExecuteAsync(_connection, transaction,
                "DELETE FROM used_code WHERE seq IN (SELECT seq FROM used_code ORDER BY seq LIMIT $excess)",
                cancellationToken, ("$excess", excess));
            LogLiveEvicted(excess, _maxEntries);
        }
        return count;
    }

    private static async Task<int> ExecuteAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay cache open: {Count} codes remembered, {Removed} expired ones forgotten")]
    private partial void LogOpened(long count, int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replay cache at its bound of {MaxEntries}: evicted {Evicted} codes that had not expired yet")]
    private partial void LogLiveEvicted(long evicted, int maxEntries);
}
