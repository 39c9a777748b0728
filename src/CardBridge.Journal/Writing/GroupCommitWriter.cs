using System.Collections.Concurrent;
using CardBridge.Journal.Storage;
using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Writing;

/// <summary>
/// The journal's single writer connection (one writer at a time, also across processes, through SQLite's lock).
/// Runs each write in an IMMEDIATE transaction; commits or leaves nothing of it. With group commit, writes that
/// arrive while another is committing wait, then go together in one transaction — each in a savepoint of its own,
/// so one failing leaves the others — and one durable sync acknowledges them all. A caller cancelled before its
/// write is taken leaves nothing; once taken, it is awaited.
/// </summary>
internal sealed class GroupCommitWriter(string connectionString, bool groupCommit) : IAsyncDisposable, IDisposable
{
    private const int MaxGroup = 64;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentQueue<QueuedWrite> _queue = new();
    private SqliteConnection? _connection;
    private bool _closed;

    /// <summary>Runs <paramref name="work"/> in a write transaction and returns its result once the commit is durable.</summary>
    /// <exception cref="JournalUnavailableException">The transaction failed; nothing of it was stored.</exception>
    public async Task<T> WriteAsync<T>(string doing, Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, typeof(OfflineJournal));
        cancellationToken.ThrowIfCancellationRequested();
        var write = new QueuedWrite<T>(doing, work);
        if (!groupCommit)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                write.TryTake();
                await CommitAsync([write]);
            }
            finally
            {
                _gate.Release();
            }
            return await write.Result;
        }
        _queue.Enqueue(write);
        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (write.TryCancel())
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            // Taken by the committer in charge before the cancellation: its outcome is this call's.
            return await write.Result;
        }
        try
        {
            // Done already when an earlier committer took it along; otherwise this call commits what is queued.
            if (!write.Result.IsCompleted)
            {
                var group = new List<QueuedWrite>();
                while (group.Count < MaxGroup && _queue.TryDequeue(out var next))
                {
                    if (next.TryTake())
                    {
                        group.Add(next);
                    }
                }
                await CommitAsync(group);
            }
        }
        finally
        {
            _gate.Release();
        }
        return await write.Result;
    }

    /// <summary>Waits for the commit in progress, then refuses every later write.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            Close();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            Close();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="group"/> in one transaction (held gate); every write is answered once the commit is durable.</summary>
    private async Task CommitAsync(List<QueuedWrite> group)
    {
        if (group.Count == 0)
        {
            return;
        }
        if (_closed)
        {
            foreach (var write in group)
            {
                write.Fail(new ObjectDisposedException(nameof(OfflineJournal)));
            }
            return;
        }
        try
        {
            _connection ??= await JournalFile.OpenAsync(connectionString, CancellationToken.None);
            using var transaction = _connection.BeginTransaction(deferred: false);
            foreach (var write in group)
            {
                transaction.Save("write");
                try
                {
                    write.Run(_connection, transaction);
                    transaction.Release("write");
                }
                catch (Exception e) when (e is not SqliteException)
                {
                    transaction.Rollback("write");
                    transaction.Release("write");
                    write.Reject(e);
                }
            }
            transaction.Commit();
        }
        catch (SqliteException e)
        {
            // After an I/O error the connection's state is unknown: start the next write on a fresh one.
            DropConnection();
            foreach (var write in group)
            {
                write.Fail(JournalFile.Unavailable(e, write.Doing));
            }
            return;
        }
        foreach (var write in group)
        {
            write.Publish();
        }
    }

    private void Close()
    {
        _closed = true;
        DropConnection();
    }

    private void DropConnection()
    {
        _connection?.Dispose();
        _connection = null;
    }
}
