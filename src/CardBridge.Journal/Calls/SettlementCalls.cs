using CardBridge.Journal.Chain;
using CardBridge.Journal.Storage;
using CardBridge.Journal.Writing;
using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Calls;

/// <summary>
/// The settlement calls kept in the journal's file (<see cref="OfflineJournal.Calls"/>): every change is one durable
/// write transaction, so an offline settle's record and its call commit together, and a write that throws left
/// nothing behind.
/// </summary>
public sealed class SettlementCalls
{
    private readonly JournalFile _file;
    private readonly GroupCommitWriter _writer;
    private readonly ChainAppender _chain;

    internal SettlementCalls(JournalFile file, GroupCommitWriter writer, ChainAppender chain)
    {
        _file = file;
        _writer = writer;
        _chain = chain;
    }

    /// <summary>The client's call with the key, or null.</summary>
    /// <exception cref="JournalUnavailableException">The journal cannot be read.</exception>
    public Task<SettlementCall?> FindAsync(string clientId, string key, CancellationToken cancellationToken) =>
        _file.ReadAsync(connection => SettlementCallRows.Find(connection, null, clientId, key), cancellationToken);

    /// <summary>Stores <paramref name="call"/> unless its key is taken; returns the stored call and whether it was there before.</summary>
    /// <exception cref="JournalUnavailableException">Storage failed; nothing was stored.</exception>
    public Task<(SettlementCall Call, bool Existed)> BeginAsync(SettlementCall call, CancellationToken cancellationToken) =>
        _writer.WriteAsync("settle call", (connection, transaction) => SettlementCallRows.Begin(connection, transaction, call), cancellationToken);

    /// <summary>Records the message id (and person) a running settle is about to be sent under, before it is sent.</summary>
    /// <exception cref="JournalUnavailableException">Storage failed; nothing was stored.</exception>
    public Task SetMessageAsync(SettlementCall call, string msgId, string personNo, CancellationToken cancellationToken) =>
        WriteAsync("settle call", (connection, transaction) => SettlementCallRows.SetMessage(connection, transaction, call, msgId, personNo), cancellationToken);

    /// <summary>
    /// Appends an offline settle's journal record and ties the call to it, in one transaction; returns the record's
    /// sequence. The record is durable when this returns.
    /// </summary>
    /// <exception cref="DuplicateJournalRecordException">The record's UUID is already stored; nothing was appended.</exception>
    /// <exception cref="JournalUnavailableException">Storage failed; nothing was appended.</exception>
    public Task<long> AppendOfflineRecordAsync(SettlementCall call, JournalDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        draft.EnsureValid();
        return _writer.WriteAsync(
            "offline settlement",
            (connection, transaction) =>
            {
                var appended = _chain.Append(connection, transaction, [draft])[0];
                SettlementCallRows.SetJournalSequence(connection, transaction, call, appended);
                return appended;
            },
            cancellationToken);
    }

    /// <summary>Stores the outcome of <paramref name="call"/> (completed).</summary>
    /// <exception cref="JournalUnavailableException">Storage failed; nothing was stored.</exception>
    public Task CompleteAsync(SettlementCall call, CancellationToken cancellationToken) =>
        WriteAsync("settle call", (connection, transaction) => SettlementCallRows.Complete(connection, transaction, call), cancellationToken);

    /// <summary>Stores a completed reversal and marks the settlement it undid as reversed by it, in one transaction.</summary>
    /// <exception cref="JournalUnavailableException">Storage failed; nothing was stored.</exception>
    public Task CompleteReversalAsync(SettlementCall reversal, SettlementCall settle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reversal);
        return WriteAsync(
            "reverse",
            (connection, transaction) =>
            {
                SettlementCallRows.Complete(connection, transaction, reversal);
                SettlementCallRows.MarkReversed(connection, transaction, settle, reversal.Key);
            },
            cancellationToken);
    }

    /// <summary>Forgets a running call that changed nothing anywhere, so its key can be used again.</summary>
    /// <exception cref="JournalUnavailableException">Storage failed; the call stays.</exception>
    public Task ForgetAsync(SettlementCall call, CancellationToken cancellationToken) =>
        WriteAsync("settle call", (connection, transaction) => SettlementCallRows.Forget(connection, transaction, call), cancellationToken);

    /// <summary>
    /// In one snapshot: what the holder settled offline and has not had reversed, completed in [<paramref name="from"/>,
    /// <paramref name="to"/>), and the money in offline settlement records the centre has not acknowledged yet.
    /// </summary>
    /// <exception cref="JournalUnavailableException">The journal cannot be read.</exception>
    public Task<OfflineTotals> OfflineTotalsAsync(string holderKey, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        _file.ReadAsync(
            connection =>
            {
                using var transaction = connection.BeginTransaction(deferred: true);
                return new OfflineTotals(
                    SettlementCallRows.OfflineTotal(connection, transaction, holderKey, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds()),
                    EntryRows.PendingTotal(connection, transaction, JournalKind.OfflineMedicalSettlement));
            },
            cancellationToken);

    /// <summary>The holder's completed settles, newest first, at most <paramref name="limit"/>.</summary>
    /// <exception cref="JournalUnavailableException">The journal cannot be read.</exception>
    public Task<IReadOnlyList<SettlementCall>> RecentAsync(string holderKey, int limit, CancellationToken cancellationToken) =>
        _file.ReadAsync<IReadOnlyList<SettlementCall>>(connection => SettlementCallRows.Recent(connection, holderKey, limit), cancellationToken);

    /// <summary>The settles a process left unanswered (begun, never completed nor forgotten), oldest first.</summary>
    /// <exception cref="JournalUnavailableException">The journal cannot be read.</exception>
    public Task<IReadOnlyList<SettlementCall>> UnfinishedAsync(CancellationToken cancellationToken) =>
        _file.ReadAsync<IReadOnlyList<SettlementCall>>(SettlementCallRows.Unfinished, cancellationToken);

    private async Task WriteAsync(string doing, Action<SqliteConnection, SqliteTransaction> work, CancellationToken cancellationToken) =>
        await _writer.WriteAsync(
            doing,
            (connection, transaction) =>
            {
                work(connection, transaction);
                return true;
            },
            cancellationToken);
}
