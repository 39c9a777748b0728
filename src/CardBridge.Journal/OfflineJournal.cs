using CardBridge.Journal.Calls;
using CardBridge.Journal.Chain;
using CardBridge.Journal.Export;
using CardBridge.Journal.States;
using CardBridge.Journal.Storage;
using CardBridge.Journal.Writing;

namespace CardBridge.Journal;

/// <summary>
/// The offline journal (DESIGN §4, §5): an append-only SQLite log (WAL, <c>synchronous=FULL</c>) of transactions made
/// without the centre. An append is durable before it returns; personal fields are stored only under AES-GCM; every
/// record is sealed with HMAC-SHA256 and chained to the one before, so edits, deletions and reordering are detected
/// by <see cref="VerifyChainAsync"/>. Records change only their upload state (pending → uploaded | rejected), which
/// has its own seal. One writer at a time (also across processes, through SQLite's lock); readers run concurrently.
/// </summary>
public sealed class OfflineJournal : IAsyncDisposable, IDisposable
{
    private readonly JournalFile _file;
    private readonly GroupCommitWriter _writer;
    private readonly JournalSeal _seal;
    private readonly TimeProvider _time;
    private readonly ChainAppender _chain;
    private readonly StateTransitions _states;

    private OfflineJournal(JournalFile file, JournalSeal seal, TimeProvider time, bool groupCommit)
    {
        _file = file;
        _writer = new GroupCommitWriter(file.WriterConnectionString, groupCommit);
        _seal = seal;
        _time = time;
        _chain = new ChainAppender(seal, time);
        _states = new StateTransitions(_writer, seal, time);
        Calls = new SettlementCalls(file, _writer, _chain);
    }

    /// <summary>The settle and reverse calls kept with the records, committed in the same transactions.</summary>
    public SettlementCalls Calls { get; }

    /// <summary>
    /// Opens the journal at <see cref="JournalOptions.Path"/>, creating or migrating it, and checks that the configured
    /// keys are the ones it was created with. A journal on read-only storage opens for reading; appends then fail.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="JournalKeyMismatchException">A key is not the journal's.</exception>
    /// <exception cref="JournalUnavailableException">The file cannot be opened, created or migrated.</exception>
    public static async Task<OfflineJournal> OpenAsync(JournalOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }
        var path = System.IO.Path.GetFullPath(options.Path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new JournalUnavailableException(JournalUnavailableReason.CannotOpen, "The journal's directory cannot be created.", e);
        }
        var seal = new JournalSeal(Base64Key.Decode(options.EncryptionKey)!, Base64Key.Decode(options.IntegrityKey)!);
        var journal = new OfflineJournal(new JournalFile(path, options.BusyTimeout), seal, time, options.GroupCommit);
        try
        {
            await journal.InitialiseAsync(cancellationToken);
            return journal;
        }
        catch
        {
            await journal.DisposeAsync();
            throw;
        }
    }

    /// <summary>Appends one record durably (committed with <c>synchronous=FULL</c>) and returns its sequence.</summary>
    /// <exception cref="DuplicateJournalRecordException">A record with the same UUID exists; nothing was appended.</exception>
    /// <exception cref="JournalUnavailableException">Storage failed (full, read-only, locked…); nothing was appended.</exception>
    public async Task<long> AppendAsync(JournalDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var sequences = await AppendBatchAsync([draft], cancellationToken);
        return sequences[0];
    }

    /// <summary>
    /// Appends several records in one transaction (group commit: one durable sync for all) and returns their
    /// sequences in order. All or none are stored.
    /// </summary>
    /// <exception cref="ArgumentException">The batch repeats a UUID.</exception>
    /// <exception cref="DuplicateJournalRecordException">A UUID is already stored; nothing was appended.</exception>
    /// <exception cref="JournalUnavailableException">Storage failed; nothing was appended.</exception>
    public async Task<IReadOnlyList<long>> AppendBatchAsync(IReadOnlyList<JournalDraft> drafts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0)
        {
            return [];
        }
        foreach (var draft in drafts)
        {
            ArgumentNullException.ThrowIfNull(draft);
            draft.EnsureValid();
        }
        if (drafts.DistinctBy(d => d.Id).Count() != drafts.Count)
        {
            throw new ArgumentException("A batch repeats a record UUID.", nameof(drafts));
        }
        return await _writer.WriteAsync("append", (connection, transaction) => _chain.Append(connection, transaction, drafts), cancellationToken);
    }

    /// <summary>One record by sequence.</summary>
    /// <exception cref="JournalRecordNotFoundException">No such record.</exception>
    public async Task<JournalRecord> GetAsync(long sequence, CancellationToken cancellationToken) =>
        (await ReadRowAsync(sequence, cancellationToken)).ToRecord();

    /// <summary>The record with a UUID, or null; lets a caller answer a repeated idempotency key with the first result.</summary>
    public Task<JournalRecord?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        _file.ReadAsync(connection => EntryRows.Find(connection, id)?.ToRecord(), cancellationToken);

    /// <summary>Records in sequence order from <paramref name="fromSequence"/> on, optionally only those in one state.</summary>
    public Task<IReadOnlyList<JournalRecord>> ListAsync(JournalState? state, long fromSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _file.ReadAsync<IReadOnlyList<JournalRecord>>(
            connection => [.. EntryRows.List(connection, state, fromSequence, limit).Select(row => row.ToRecord())],
            cancellationToken);
    }

    /// <summary>
    /// The oldest record not yet at the centre (lowest sequence): the next one the uploader sends, or one still
    /// <see cref="JournalState.AwaitingCard"/> that it must wait for; null when there is none.
    /// </summary>
    public Task<JournalRecord?> NextPendingInOrderAsync(CancellationToken cancellationToken) =>
        _file.ReadAsync(connection => EntryRows.NextPending(connection)?.ToRecord(), cancellationToken);

    /// <summary>Counts per state, the age of the oldest pending record and the newest sequence.</summary>
    public Task<JournalStats> StatsAsync(CancellationToken cancellationToken) =>
        _file.ReadAsync(connection => EntryRows.Stats(connection, _time.GetUtcNow()), cancellationToken);

    /// <summary>
    /// Records the centre's acknowledgement: pending → uploaded at the current time. Repeating it with the same centre
    /// reference returns the record unchanged.
    /// </summary>
    /// <exception cref="JournalRecordNotFoundException">No such record.</exception>
    /// <exception cref="JournalStateConflictException">The record already has another outcome.</exception>
    public Task<JournalRecord> MarkUploadedAsync(long sequence, string centreReference, CancellationToken cancellationToken) =>
        _states.MarkUploadedAsync(sequence, centreReference, cancellationToken);

    /// <summary>
    /// Records the centre's refusal: pending → rejected with the centre's code and reason (the record is kept).
    /// Repeating it with the same code and reason returns the record unchanged.
    /// </summary>
    /// <exception cref="JournalRecordNotFoundException">No such record.</exception>
    /// <exception cref="JournalStateConflictException">The record already has another outcome.</exception>
    public Task<JournalRecord> MarkRejectedAsync(long sequence, string centreCode, string reason, CancellationToken cancellationToken) =>
        _states.MarkRejectedAsync(sequence, centreCode, reason, cancellationToken);

    /// <summary>
    /// Records the card's proof of a record committed ahead of its card write: awaiting card → pending, with the
    /// card's TAC and transaction counter (they travel to the centre). Repeating it with the same proof returns the
    /// record unchanged.
    /// </summary>
    /// <exception cref="JournalRecordNotFoundException">No such record.</exception>
    /// <exception cref="JournalStateConflictException">The record is not awaiting its card.</exception>
    public Task<JournalRecord> ConfirmCardWriteAsync(long sequence, ReadOnlyMemory<byte> tac, ReadOnlyMemory<byte> counter, CancellationToken cancellationToken) =>
        _states.ConfirmCardWriteAsync(sequence, tac, counter, cancellationToken);

    /// <summary>
    /// Voids a record whose card write failed (the settlement did not happen): awaiting card → voided with the
    /// reason. The record is kept and never uploaded. Repeating it with the same reason returns the record unchanged.
    /// </summary>
    /// <exception cref="JournalRecordNotFoundException">No such record.</exception>
    /// <exception cref="JournalStateConflictException">The record is not awaiting its card.</exception>
    public Task<JournalRecord> VoidAsync(long sequence, string reason, CancellationToken cancellationToken) =>
        _states.VoidAsync(sequence, reason, cancellationToken);

    /// <summary>
    /// At start-up, before any new settlement: records a previous process left awaiting their card write (it died
    /// mid-way) are committed settlements whose card proof is unknown; they become pending without one, so they are
    /// uploaded. Returns their sequences.
    /// </summary>
    /// <exception cref="JournalUnavailableException">Storage failed; nothing was changed.</exception>
    public Task<IReadOnlyList<long>> ReleaseInterruptedAsync(CancellationToken cancellationToken) =>
        _states.ReleaseInterruptedAsync(cancellationToken);

    /// <summary>One record's personal fields, decrypted, for the uploader.</summary>
    /// <exception cref="JournalRecordNotFoundException">No such record.</exception>
    /// <exception cref="JournalIntegrityException">The sealed fields do not authenticate (tampered or moved).</exception>
    public async Task<PersonalFields> ReadPersonalAsync(long sequence, CancellationToken cancellationToken) =>
        _seal.OpenPersonal(await ReadRowAsync(sequence, cancellationToken));

    /// <summary>
    /// Checks every record's seals and the chain from the first record to the chain head, in one consistent snapshot.
    /// Stops at the first bad record and says why.
    /// </summary>
    public Task<ChainVerification> VerifyChainAsync(CancellationToken cancellationToken) =>
        _file.ReadAsync(
            connection =>
            {
                using var transaction = connection.BeginTransaction(deferred: true);
                return new ChainVerifier(_seal, connection, transaction).Verify(cancellationToken);
            },
            cancellationToken);

    /// <summary>
    /// Writes every record as one JSON object per line (UTF-8), in sequence order. Personal fields are masked unless
    /// <paramref name="personal"/> asks for them decrypted (a <c>journal.admin</c> decision for the caller). A record
    /// whose personal fields do not authenticate is still exported, with <c>"personal": null</c> and
    /// <c>"personalIntact": false</c>, so an export of a tampered journal is complete.
    /// </summary>
    public async Task ExportAsync(Stream destination, PersonalFieldExport personal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await JournalExport.WriteAsync(_file, _seal, destination, personal, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        Release();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        Release();
    }

    /// <summary>After the writer has stopped: no more reads, and the keys are wiped.</summary>
    private void Release()
    {
        _file.Close();
        _seal.Dispose();
    }

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        var needsWrite = await _file.ReadAsync(
            connection =>
            {
                using var mode = Sql.Command(connection, null, "PRAGMA journal_mode=WAL");
                if (!string.Equals(mode.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new JournalUnavailableException(JournalUnavailableReason.IoError, "The journal cannot use write-ahead logging.");
                }
                var version = JournalSchema.ReadVersion(connection, null);
                if (version > JournalSchema.CurrentVersion)
                {
                    throw JournalSchema.TooNew(version);
                }
                return version < JournalSchema.CurrentVersion || !JournalKeys.Check(connection, null, _seal);
            },
            cancellationToken);
        if (!needsWrite)
        {
            return;
        }
        await _writer.WriteAsync(
            "create",
            (connection, transaction) =>
            {
                JournalSchema.Migrate(connection, transaction);
                if (!JournalKeys.Check(connection, transaction, _seal))
                {
                    JournalKeys.Create(connection, transaction, _seal);
                }
                return true;
            },
            cancellationToken);
    }

    private async Task<StoredRow> ReadRowAsync(long sequence, CancellationToken cancellationToken) =>
        await _file.ReadAsync(connection => EntryRows.Read(connection, null, sequence), cancellationToken)
        ?? throw new JournalRecordNotFoundException(sequence);
}
