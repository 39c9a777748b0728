using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Writing;

/// <summary>A write waiting for a transaction: taken by one committer or cancelled by its caller, never both.</summary>
internal abstract class QueuedWrite(string doing)
{
    private int _state;

    public string Doing { get; } = doing;

    public bool TryTake() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

    public bool TryCancel() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;

    public abstract void Run(SqliteConnection connection, SqliteTransaction transaction);

    /// <summary>The write itself failed; it was rolled back to its savepoint.</summary>
    public abstract void Reject(Exception error);

    /// <summary>The transaction failed; nothing of the group was stored.</summary>
    public abstract void Fail(Exception error);

    /// <summary>The transaction committed: answer the write.</summary>
    public abstract void Publish();
}

/// <summary>A queued write with its result, answered only once the transaction that ran it is durable.</summary>
internal sealed class QueuedWrite<T>(string doing, Func<SqliteConnection, SqliteTransaction, T> work) : QueuedWrite(doing)
{
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _value;
    private Exception? _rejected;

    public Task<T> Result => _result.Task;

    public override void Run(SqliteConnection connection, SqliteTransaction transaction) => _value = work(connection, transaction);

    public override void Reject(Exception error) => _rejected = error;

    public override void Fail(Exception error) => _result.TrySetException(error);

    public override void Publish()
    {
        if (_rejected is not null)
        {
            _result.TrySetException(_rejected);
        }
        else
        {
            _result.TrySetResult(_value!);
        }
    }
}
