using System.Collections.Concurrent;
using System.Security.Cryptography;
using CardBridge.Journal.Calls;
using Microsoft.Data.Sqlite;

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
    private readonly string _connectionString;
    private readonly string _writerConnectionString;
    private readonly JournalSeal _seal;
    private readonly TimeProvider _time;
    private const int MaxGroup = 64;

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentQueue<QueuedWrite> _queue = new();
    private readonly bool _groupCommit;
    private SqliteConnection? _writer;
    private bool _disposed;

    private OfflineJournal(string connectionString, JournalSeal seal, TimeProvider time, bool groupCommit)
    {
        _groupCommit = groupCommit;
        _connectionString = connectionString;
        // The writer is never pooled: after a failure it is replaced by a truly new connection (a pooled one could
        // be one SQLite opened read-only while the file was not writable).
        _writerConnectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _seal = seal;
        _time = time;
        Calls = new SettlementCalls(this);
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
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        var seal = new JournalSeal(JournalOptions.DecodeKey(options.EncryptionKey)!, JournalOptions.DecodeKey(options.IntegrityKey)!);
        var journal = new OfflineJournal(connectionString, seal, time, options.GroupCommit);
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
        return await WriteAsync("append", (connection, transaction) => AppendRows(connection, transaction, drafts), cancellationToken);
    }

    /// <summary>Appends validated drafts inside the caller's write transaction (so other tables can commit with them).</summary>
    internal IReadOnlyList<long> AppendRows(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<JournalDraft> drafts)
    {
        var head = ReadHead(connection, transaction);
        var createdAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var sequences = new long[drafts.Count];
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            var existing = FindSequence(connection, transaction, draft.Id);
            if (existing is { } taken)
            {
                throw new DuplicateJournalRecordException(draft.Id, taken);
            }
            var row = Seal(draft, head.Sequence + 1, createdAtMs, head.ChainMac);
            Insert(connection, transaction, row);
            head = (row.Sequence, row.ChainMac);
            sequences[i] = row.Sequence;
        }
        WriteHead(connection, transaction, head.Sequence, head.ChainMac);
        return sequences;
    }

    /// <summary>One record by sequence.</summary>
    /// <exception cref="JournalRecordNotFoundException">No such record.</exception>
    public async Task<JournalRecord> GetAsync(long sequence, CancellationToken cancellationToken) =>
        (await ReadRowAsync(sequence, cancellationToken)).ToRecord();

    /// <summary>The record with a UUID, or null; lets a caller answer a repeated idempotency key with the first result.</summary>
    public Task<JournalRecord?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        ReadAsync(
            connection =>
            {
                using var command = Command(connection, null, $"SELECT {StoredRow.Columns} FROM entries WHERE id = $id");
                command.Parameters.AddWithValue("$id", IdBytes(id));
                using var reader = command.ExecuteReader();
                return reader.Read() ? StoredRow.Read(reader).ToRecord() : null;
            },
            cancellationToken);

    /// <summary>Records in sequence order from <paramref name="fromSequence"/> on, optionally only those in one state.</summary>
    public Task<IReadOnlyList<JournalRecord>> ListAsync(JournalState? state, long fromSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync(
            connection =>
            {
                using var command = Command(
                    connection,
                    null,
                    $"SELECT {StoredRow.Columns} FROM entries WHERE sequence >= $from AND ($state IS NULL OR state = $state) ORDER BY sequence LIMIT $limit");
                command.Parameters.AddWithValue("$from", fromSequence);
                command.Parameters.AddWithValue("$state", state is { } s ? (int)s : DBNull.Value);
                command.Parameters.AddWithValue("$limit", limit);
                using var reader = command.ExecuteReader();
                var records = new List<JournalRecord>();
                while (reader.Read())
                {
                    records.Add(StoredRow.Read(reader).ToRecord());
                }
                return (IReadOnlyList<JournalRecord>)records;
            },
            cancellationToken);
    }

    /// <summary>
    /// The oldest record not yet at the centre (lowest sequence): the next one the uploader sends, or one still
    /// <see cref="JournalState.AwaitingCard"/> that it must wait for; null when there is none.
    /// </summary>
    public Task<JournalRecord?> NextPendingInOrderAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            connection =>
            {
                using var command = Command(
                    connection, null, $"SELECT {StoredRow.Columns} FROM entries WHERE state IN (0, 3) ORDER BY sequence LIMIT 1");
                using var reader = command.ExecuteReader();
                return reader.Read() ? StoredRow.Read(reader).ToRecord() : null;
            },
            cancellationToken);

    /// <summary>Counts per state, the age of the oldest pending record and the newest sequence.</summary>
    public Task<JournalStats> StatsAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            connection =>
            {
                using var command = Command(
                    connection,
                    null,
                    """
                    SELECT
                        COALESCE(SUM(state IN (0, 3)), 0), COALESCE(SUM(state = 1), 0), COALESCE(SUM(state = 2), 0),
                        MIN(CASE WHEN state IN (0, 3) THEN created_at_ms END), COALESCE(MAX(sequence), 0),
                        COALESCE(SUM(state = 4), 0)
                    FROM entries
                    """);
                using var reader = command.ExecuteReader();
                reader.Read();
                // A clock set back must not show a negative age.
                TimeSpan? oldestAge = reader.IsDBNull(3)
                    ? null
                    : TimeSpan.FromTicks(Math.Max(0, (_time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))).Ticks));
                return new JournalStats(reader.GetInt64(0), oldestAge, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(4), reader.GetInt64(5));
            },
            cancellationToken);

    /// <summary>
    /// Records the centre's acknowledgement: pending → uploaded at the current time. Repeating it with the same centre
    /// reference returns the record unchanged.
    /// </summary>
    /// <exception cref="JournalRecordNotFoundException">No such record.</exception>
    /// <exception cref="JournalStateConflictException">The record already has another outcome.</exception>
    public Task<JournalRecord> MarkUploadedAsync(long sequence, string centreReference, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(centreReference);
        return ChangeStateAsync(
            sequence,
            row => row.State == JournalState.Uploaded && row.CentreReference == centreReference,
            (row, atMs) => row with { State = JournalState.Uploaded, StateAtMs = atMs, CentreReference = centreReference },
            cancellationToken);
    }

    /// <summary>
    /// Records the centre's refusal: pending → rejected with the centre's code and reason (the record is kept).
    /// Repeating it with the same code and reason returns the record unchanged.
    /// </summary>
    /// <exception cref="JournalRecordNotFoundException">No such record.</exception>
    /// <exception cref="JournalStateConflictException">The record already has another outcome.</exception>
    public Task<JournalRecord> MarkRejectedAsync(long sequence, string centreCode, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(centreCode);
        ArgumentNullException.ThrowIfNull(reason);
        return ChangeStateAsync(
            sequence,
            row => row.State == JournalState.Rejected && row.RejectCode == centreCode && row.RejectReason == reason,
            (row, atMs) => row with { State = JournalState.Rejected, StateAtMs = atMs, RejectCode = centreCode, RejectReason = reason },
            cancellationToken);
    }

    /// <summary>
    /// Records the card's proof of a record committed ahead of its card write: awaiting card → pending, with the
    /// card's TAC and transaction counter (they travel to the centre). Repeating it with the same proof returns the
    /// record unchanged.
    /// </summary>
    /// <exception cref="JournalRecordNotFoundException">No such record.</exception>
    /// <exception cref="JournalStateConflictException">The record is not awaiting its card.</exception>
    public Task<JournalRecord> ConfirmCardWriteAsync(long sequence, ReadOnlyMemory<byte> tac, ReadOnlyMemory<byte> counter, CancellationToken cancellationToken)
    {
        var tacBytes = tac.ToArray();
        var counterBytes = counter.ToArray();
        return ChangeStateAsync(
            sequence,
            JournalState.AwaitingCard,
            row => row.State == JournalState.Pending && row.ProofTac is { } t && t.AsSpan().SequenceEqual(tacBytes)
                && row.ProofCounter is { } c && c.AsSpan().SequenceEqual(counterBytes),
            (row, atMs) => row with { State = JournalState.Pending, StateAtMs = atMs, ProofTac = tacBytes, ProofCounter = counterBytes },
            cancellationToken);
    }

    /// <summary>
    /// Voids a record whose card write failed (the settlement did not happen): awaiting card → voided with the
    /// reason. The record is kept and never uploaded. Repeating it with the same reason returns the record unchanged.
    /// </summary>
    /// <exception cref="JournalRecordNotFoundException">No such record.</exception>
    /// <exception cref="JournalStateConflictException">The record is not awaiting its card.</exception>
    public Task<JournalRecord> VoidAsync(long sequence, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return ChangeStateAsync(
            sequence,
            JournalState.AwaitingCard,
            row => row.State == JournalState.Voided && row.RejectReason == reason,
            (row, atMs) => row with { State = JournalState.Voided, StateAtMs = atMs, RejectCode = "voided", RejectReason = reason },
            cancellationToken);
    }

    /// <summary>
    /// At start-up, before any new settlement: records a previous process left awaiting their card write (it died
    /// mid-way) are committed settlements whose card proof is unknown; they become pending without one, so they are
    /// uploaded. Returns their sequences.
    /// </summary>
    /// <exception cref="JournalUnavailableException">Storage failed; nothing was changed.</exception>
    public Task<IReadOnlyList<long>> ReleaseInterruptedAsync(CancellationToken cancellationToken) =>
        WriteAsync(
            "release interrupted",
            (connection, transaction) =>
            {
                var rows = new List<StoredRow>();
                using (var select = Command(connection, transaction, $"SELECT {StoredRow.Columns} FROM entries WHERE state = 3 ORDER BY sequence"))
                using (var reader = select.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        rows.Add(StoredRow.Read(reader));
                    }
                }
                var atMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
                foreach (var row in rows)
                {
                    var changed = row with { State = JournalState.Pending, StateAtMs = atMs };
                    UpdateState(connection, transaction, changed with { StateMac = _seal.StateMac(changed.StateBytes()) }, JournalState.AwaitingCard);
                }
                return (IReadOnlyList<long>)[.. rows.Select(r => r.Sequence)];
            },
            cancellationToken);

    /// <summary>One record's personal fields, decrypted, for the uploader.</summary>
    /// <exception cref="JournalRecordNotFoundException">No such record.</exception>
    /// <exception cref="JournalIntegrityException">The sealed fields do not authenticate (tampered or moved).</exception>
    public async Task<PersonalFields> ReadPersonalAsync(long sequence, CancellationToken cancellationToken) =>
        OpenPersonal(await ReadRowAsync(sequence, cancellationToken));

    /// <summary>
    /// Checks every record's seals and the chain from the first record to the chain head, in one consistent snapshot.
    /// Stops at the first bad record and says why.
    /// </summary>
    public Task<ChainVerification> VerifyChainAsync(CancellationToken cancellationToken) =>
        ReadAsync(
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
        const int page = 500;
        long from = 1;
        while (true)
        {
            var rows = await ReadAsync(connection => ReadRows(connection, from, page), cancellationToken);
            foreach (var row in rows)
            {
                PersonalFields? fields;
                try
                {
                    fields = OpenPersonal(row);
                }
                catch (JournalIntegrityException)
                {
                    fields = null;
                }
                JournalExportLine.Write(destination, row.ToRecord(), personal == PersonalFieldExport.Decrypted ? fields : fields?.Masked());
            }
            if (rows.Count < page)
            {
                break;
            }
            from = rows[^1].Sequence + 1;
        }
        await destination.FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            DisposeCore();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writeGate.Wait();
        try
        {
            DisposeCore();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void DisposeCore()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        DropWriter();
        using (var readers = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(readers);
        }
        _seal.Dispose();
    }

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        var needsWrite = await ReadAsync(
            connection =>
            {
                using var mode = Command(connection, null, "PRAGMA journal_mode=WAL");
                if (!string.Equals(mode.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new JournalUnavailableException(JournalUnavailableReason.IoError, "The journal cannot use write-ahead logging.");
                }
                var version = JournalSchema.ReadVersion(connection, null);
                if (version > JournalSchema.CurrentVersion)
                {
                    throw JournalSchema.TooNew(version);
                }
                return version < JournalSchema.CurrentVersion || !CheckKeys(connection, null);
            },
            cancellationToken);
        if (!needsWrite)
        {
            return;
        }
        await WriteAsync(
            "create",
            (connection, transaction) =>
            {
                JournalSchema.Migrate(connection, transaction);
                if (!CheckKeys(connection, transaction))
                {
                    using var keys = Command(connection, transaction, "INSERT INTO journal_keys (id, encryption_check, integrity_check) VALUES (1, $e, $i)");
                    keys.Parameters.AddWithValue("$e", _seal.EncryptionKeyCheck());
                    keys.Parameters.AddWithValue("$i", _seal.IntegrityKeyCheck());
                    keys.ExecuteNonQuery();
                    using var head = Command(connection, transaction, "INSERT INTO chain_head (id, last_sequence, last_chain_mac, head_mac) VALUES (1, 0, $mac, $head)");
                    head.Parameters.AddWithValue("$mac", JournalSeal.Genesis);
                    head.Parameters.AddWithValue("$head", _seal.HeadMac(0, JournalSeal.Genesis));
                    head.ExecuteNonQuery();
                }
                return true;
            },
            cancellationToken);
    }

    /// <summary>True when the key checks exist and match; false when there are none yet; throws when they differ.</summary>
    private bool CheckKeys(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = Command(connection, transaction, "SELECT encryption_check, integrity_check FROM journal_keys WHERE id = 1");
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return false;
        }
        if (!_seal.EncryptionKeyMatches(reader.GetFieldValue<byte[]>(0)))
        {
            throw new JournalKeyMismatchException("encryption");
        }
        if (!_seal.IntegrityKeyMatches(reader.GetFieldValue<byte[]>(1)))
        {
            throw new JournalKeyMismatchException("integrity");
        }
        return true;
    }

    private StoredRow Seal(JournalDraft draft, long sequence, long createdAtMs, byte[] previousChainMac)
    {
        var (nonce, sealedPersonal) = _seal.SealPersonal(sequence, draft.Id, draft.Personal);
        var row = new StoredRow(
            sequence,
            draft.Id,
            createdAtMs,
            draft.TerminalId,
            draft.Kind.Value,
            draft.Amounts,
            draft.LineItemHash.ToArray(),
            draft.CardTac.ToArray(),
            draft.CardTransactionCounter.ToArray(),
            nonce,
            sealedPersonal,
            [],
            [],
            draft.AwaitsCard ? JournalState.AwaitingCard : JournalState.Pending,
            null,
            null,
            null,
            null,
            []);
        var contentMac = _seal.ContentMac(row.ContentBytes());
        row = row with { ContentMac = contentMac, ChainMac = _seal.ChainMac(contentMac, previousChainMac) };
        return row with { StateMac = _seal.StateMac(row.StateBytes()) };
    }

    private PersonalFields OpenPersonal(StoredRow row)
    {
        try
        {
            return JournalSeal.ParsePersonal(_seal.OpenPersonal(row.Sequence, row.Id, row.PersonalNonce, row.PersonalSealed));
        }
        catch (Exception e) when (e is AuthenticationTagMismatchException or CryptographicException or System.Text.Json.JsonException)
        {
            throw new JournalIntegrityException(row.Sequence, e);
        }
    }

    private Task<JournalRecord> ChangeStateAsync(
        long sequence,
        Func<StoredRow, bool> alreadyDone,
        Func<StoredRow, long, StoredRow> change,
        CancellationToken cancellationToken) =>
        ChangeStateAsync(sequence, JournalState.Pending, alreadyDone, change, cancellationToken);

    private Task<JournalRecord> ChangeStateAsync(
        long sequence,
        JournalState from,
        Func<StoredRow, bool> alreadyDone,
        Func<StoredRow, long, StoredRow> change,
        CancellationToken cancellationToken) =>
        WriteAsync(
            "state change",
            (connection, transaction) =>
            {
                var row = ReadRow(connection, transaction, sequence) ?? throw new JournalRecordNotFoundException(sequence);
                if (alreadyDone(row))
                {
                    return row.ToRecord();
                }
                if (row.State != from)
                {
                    throw new JournalStateConflictException(sequence, row.State);
                }
                var changed = change(row, _time.GetUtcNow().ToUnixTimeMilliseconds());
                changed = changed with { StateMac = _seal.StateMac(changed.StateBytes()) };
                UpdateState(connection, transaction, changed, from);
                return changed.ToRecord();
            },
            cancellationToken);

    private static void UpdateState(SqliteConnection connection, SqliteTransaction transaction, StoredRow changed, JournalState from)
    {
                using var update = Command(
                    connection,
                    transaction,
                    """
                    UPDATE entries SET state = $state, state_at_ms = $at, centre_reference = $ref, reject_code = $code,
                        reject_reason = $reason, state_mac = $mac, proof_tac = $tac, proof_counter = $counter
                    WHERE sequence = $sequence AND state = $from
                    """);
                update.Parameters.AddWithValue("$state", (int)changed.State);
                update.Parameters.AddWithValue("$at", changed.StateAtMs);
                update.Parameters.AddWithValue("$ref", (object?)changed.CentreReference ?? DBNull.Value);
                update.Parameters.AddWithValue("$code", (object?)changed.RejectCode ?? DBNull.Value);
                update.Parameters.AddWithValue("$reason", (object?)changed.RejectReason ?? DBNull.Value);
                update.Parameters.AddWithValue("$mac", changed.StateMac);
                update.Parameters.AddWithValue("$tac", (object?)changed.ProofTac ?? DBNull.Value);
                update.Parameters.AddWithValue("$counter", (object?)changed.ProofCounter ?? DBNull.Value);
                update.Parameters.AddWithValue("$sequence", changed.Sequence);
                update.Parameters.AddWithValue("$from", (int)from);
                update.ExecuteNonQuery();
    }

    private async Task<StoredRow> ReadRowAsync(long sequence, CancellationToken cancellationToken) =>
        await ReadAsync(connection => ReadRow(connection, null, sequence), cancellationToken)
        ?? throw new JournalRecordNotFoundException(sequence);

    /// <summary>
    /// Runs <paramref name="work"/> in an IMMEDIATE transaction on the single writer connection; commits or leaves
    /// nothing of it. With group commit, writes that arrive while another is committing wait, then go together in
    /// one transaction — each in a savepoint of its own, so one failing leaves the others — and one durable sync
    /// acknowledges them all. A caller cancelled before its write is taken leaves nothing; once taken, it is awaited.
    /// </summary>
    internal async Task<T> WriteAsync<T>(string doing, Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var write = new QueuedWrite<T>(doing, work);
        if (!_groupCommit)
        {
            await _writeGate.WaitAsync(cancellationToken);
            try
            {
                write.TryTake();
                await CommitAsync([write]);
            }
            finally
            {
                _writeGate.Release();
            }
            return await write.Result;
        }
        _queue.Enqueue(write);
        try
        {
            await _writeGate.WaitAsync(cancellationToken);
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
            _writeGate.Release();
        }
        return await write.Result;
    }

    /// <summary>Runs <paramref name="group"/> in one transaction (held gate); every write is answered once the commit is durable.</summary>
    private async Task CommitAsync(IReadOnlyList<QueuedWrite> group)
    {
        if (group.Count == 0)
        {
            return;
        }
        if (_disposed)
        {
            foreach (var write in group)
            {
                write.Fail(new ObjectDisposedException(nameof(OfflineJournal)));
            }
            return;
        }
        try
        {
            _writer ??= await OpenConnectionAsync(_writerConnectionString, CancellationToken.None);
            using var transaction = _writer.BeginTransaction(deferred: false);
            foreach (var write in group)
            {
                transaction.Save("write");
                try
                {
                    write.Run(_writer, transaction);
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
            DropWriter();
            foreach (var write in group)
            {
                write.Fail(Unavailable(e, write.Doing));
            }
            return;
        }
        foreach (var write in group)
        {
            write.Publish();
        }
    }

    internal async Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            await using var connection = await OpenConnectionAsync(_connectionString, cancellationToken);
            return work(connection);
        }
        catch (SqliteException e)
        {
            throw Unavailable(e, "read");
        }
    }

    private static async Task<SqliteConnection> OpenConnectionAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            using var synchronous = Command(connection, null, "PRAGMA synchronous=FULL");
            synchronous.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private void DropWriter()
    {
        _writer?.Dispose();
        _writer = null;
    }

    private static JournalUnavailableException Unavailable(SqliteException e, string doing)
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

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    internal static byte[] IdBytes(Guid id)
    {
        var bytes = new byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }

    private static (long Sequence, byte[] ChainMac) ReadHead(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Command(connection, transaction, "SELECT last_sequence, last_chain_mac FROM chain_head WHERE id = 1");
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new JournalUnavailableException(JournalUnavailableReason.Corrupt, "The journal's chain head is missing.");
        }
        return (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
    }

    private void WriteHead(SqliteConnection connection, SqliteTransaction transaction, long sequence, byte[] chainMac)
    {
        using var command = Command(connection, transaction, "UPDATE chain_head SET last_sequence = $sequence, last_chain_mac = $mac, head_mac = $head WHERE id = 1");
        command.Parameters.AddWithValue("$sequence", sequence);
        command.Parameters.AddWithValue("$mac", chainMac);
        command.Parameters.AddWithValue("$head", _seal.HeadMac(sequence, chainMac));
        command.ExecuteNonQuery();
    }

    private static long? FindSequence(SqliteConnection connection, SqliteTransaction transaction, Guid id)
    {
        using var command = Command(connection, transaction, "SELECT sequence FROM entries WHERE id = $id");
        command.Parameters.AddWithValue("$id", IdBytes(id));
        return command.ExecuteScalar() is long sequence ? sequence : null;
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, StoredRow row)
    {
        using var command = Command(
            connection,
            transaction,
            $"""
            INSERT INTO entries ({StoredRow.Columns}) VALUES (
                $sequence, $id, $created, $terminal, $kind, $total, $account, $pooled, $self,
                $items, $tac, $counter, $nonce, $personal, $content, $chain, $initial, NULL, NULL, NULL, NULL, $state, NULL, NULL)
            """);
        command.Parameters.AddWithValue("$initial", (int)row.State);
        command.Parameters.AddWithValue("$sequence", row.Sequence);
        command.Parameters.AddWithValue("$id", IdBytes(row.Id));
        command.Parameters.AddWithValue("$created", row.CreatedAtMs);
        command.Parameters.AddWithValue("$terminal", row.TerminalId);
        command.Parameters.AddWithValue("$kind", row.Kind);
        command.Parameters.AddWithValue("$total", row.Amounts.TotalFen);
        command.Parameters.AddWithValue("$account", row.Amounts.AccountFen);
        command.Parameters.AddWithValue("$pooled", row.Amounts.PooledFen);
        command.Parameters.AddWithValue("$self", row.Amounts.SelfPayFen);
        command.Parameters.AddWithValue("$items", row.LineItemHash);
        command.Parameters.AddWithValue("$tac", row.CardTac);
        command.Parameters.AddWithValue("$counter", row.CardCounter);
        command.Parameters.AddWithValue("$nonce", row.PersonalNonce);
        command.Parameters.AddWithValue("$personal", row.PersonalSealed);
        command.Parameters.AddWithValue("$content", row.ContentMac);
        command.Parameters.AddWithValue("$chain", row.ChainMac);
        command.Parameters.AddWithValue("$state", row.StateMac);
        command.ExecuteNonQuery();
    }

    private static StoredRow? ReadRow(SqliteConnection connection, SqliteTransaction? transaction, long sequence)
    {
        using var command = Command(connection, transaction, $"SELECT {StoredRow.Columns} FROM entries WHERE sequence = $sequence");
        command.Parameters.AddWithValue("$sequence", sequence);
        using var reader = command.ExecuteReader();
        return reader.Read() ? StoredRow.Read(reader) : null;
    }

    private static List<StoredRow> ReadRows(SqliteConnection connection, long fromSequence, int limit)
    {
        using var command = Command(connection, null, $"SELECT {StoredRow.Columns} FROM entries WHERE sequence >= $from ORDER BY sequence LIMIT $limit");
        command.Parameters.AddWithValue("$from", fromSequence);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<StoredRow>();
        while (reader.Read())
        {
            rows.Add(StoredRow.Read(reader));
        }
        return rows;
    }

    /// <summary>A write waiting for a transaction: taken by one committer or cancelled by its caller, never both.</summary>
    private abstract class QueuedWrite(string doing)
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

    private sealed class QueuedWrite<T>(string doing, Func<SqliteConnection, SqliteTransaction, T> work) : QueuedWrite(doing)
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
}
