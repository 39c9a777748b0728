using System.Text;
using System.Text.Json;
using CardBridge.Journal;
using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Tests;

public sealed class OfflineJournalTests : IDisposable
{
    private readonly JournalTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Append_returns_consecutive_sequences_from_one()
    {
        await using var journal = await _bed.OpenAsync();

        var first = await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        var second = await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        var batch = await journal.AppendBatchAsync([_bed.Draft(), _bed.Draft()], CancellationToken.None);

        Assert.Equal([1L, 2L, 3L, 4L], [first, second, .. batch]);
    }

    [Fact]
    public async Task Records_survive_closing_and_reopening_the_file()
    {
        var draft = _bed.Draft(98_765);
        await using (var journal = await _bed.OpenAsync())
        {
            await journal.AppendAsync(draft, CancellationToken.None);
        }

        await using var reopened = await _bed.OpenAsync();
        var record = await reopened.GetAsync(1, CancellationToken.None);

        Assert.Equal(draft.Id, record.Id);
        Assert.Equal(draft.Amounts, record.Amounts);
        Assert.Equal(draft.TerminalId, record.TerminalId);
        Assert.Equal(JournalKind.OfflineMedicalSettlement, record.Kind);
        Assert.Equal(draft.LineItemHash.ToArray(), record.LineItemHash.ToArray());
        Assert.Equal(draft.CardTac.ToArray(), record.CardTac.ToArray());
        Assert.Equal(draft.CardTransactionCounter.ToArray(), record.CardTransactionCounter.ToArray());
        Assert.Equal(_bed.Time.GetUtcNow(), record.CreatedAt);
        Assert.Equal(JournalState.Pending, record.Status.State);
        Assert.Equal(draft.Personal, await reopened.ReadPersonalAsync(1, CancellationToken.None));
        Assert.True((await reopened.VerifyChainAsync(CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task File_is_in_WAL_mode_with_a_schema_version_and_no_plaintext_personal_data()
    {
        await using (var journal = await _bed.OpenAsync())
        {
            await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        }

        using var connection = new SqliteConnection($"Data Source={_bed.Path};Pooling=False");
        connection.Open();
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", mode.ExecuteScalar());
        using var version = connection.CreateCommand();
        version.CommandText = "SELECT MAX(version) FROM schema_version";
        Assert.Equal(4L, version.ExecuteScalar());
        connection.Close();
        var bytes = File.ReadAllBytes(_bed.Path);
        Assert.DoesNotContain("SIM000000001", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain("测试甲", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_with_another_encryption_key_throws_key_mismatch()
    {
        await using (var journal = await _bed.OpenAsync())
        {
            await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        }
        var otherKey = Convert.ToBase64String(new byte[32]);

        var error = await Assert.ThrowsAsync<JournalKeyMismatchException>(
            () => OfflineJournal.OpenAsync(_bed.Options(otherKey), _bed.Time, CancellationToken.None));

        Assert.Equal("encryption", error.KeyName);
    }

    [Fact]
    public async Task Opening_with_another_integrity_key_throws_key_mismatch()
    {
        await using (await _bed.OpenAsync())
        {
        }
        var options = _bed.Options();
        options.IntegrityKey = Convert.ToBase64String(new byte[32]);

        var error = await Assert.ThrowsAsync<JournalKeyMismatchException>(
            () => OfflineJournal.OpenAsync(options, _bed.Time, CancellationToken.None));

        Assert.Equal("integrity", error.KeyName);
    }

    [Fact]
    public async Task Invalid_options_are_rejected_before_any_file_is_made()
    {
        var options = _bed.Options();
        options.EncryptionKey = Convert.ToBase64String(new byte[16]);

        await Assert.ThrowsAsync<ArgumentException>(() => OfflineJournal.OpenAsync(options, _bed.Time, CancellationToken.None));
        Assert.False(File.Exists(_bed.Path));
    }

    [Fact]
    public void Options_with_the_same_key_twice_are_invalid()
    {
        var options = _bed.Options();
        options.IntegrityKey = options.EncryptionKey;

        Assert.Contains(options.Validate(), p => p.Contains("differ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Appending_a_UUID_twice_throws_duplicate_and_stores_nothing()
    {
        await using var journal = await _bed.OpenAsync();
        var draft = _bed.Draft();
        await journal.AppendAsync(draft, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DuplicateJournalRecordException>(
            () => journal.AppendBatchAsync([_bed.Draft(), draft with { TerminalId = "TERM-0002" }], CancellationToken.None));

        Assert.Equal(1, error.ExistingSequence);
        Assert.Equal(1, (await journal.StatsAsync(CancellationToken.None)).LastSequence);
        Assert.Equal(draft.Id, (await journal.FindAsync(draft.Id, CancellationToken.None))!.Id);
    }

    [Fact]
    public async Task A_batch_repeating_a_UUID_is_refused_whole()
    {
        await using var journal = await _bed.OpenAsync();
        var draft = _bed.Draft();

        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendBatchAsync([draft, _bed.Draft(), draft], CancellationToken.None));

        Assert.Equal(0, (await journal.StatsAsync(CancellationToken.None)).LastSequence);
    }

    [Fact]
    public async Task Mark_uploaded_moves_pending_to_uploaded_with_the_ack_time_and_reference()
    {
        await using var journal = await _bed.OpenAsync();
        await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        _bed.Time.Advance(TimeSpan.FromMinutes(3));

        var record = await journal.MarkUploadedAsync(1, "CENTRE-REF-1", CancellationToken.None);

        Assert.Equal(new JournalStatus(JournalState.Uploaded, _bed.Time.GetUtcNow(), "CENTRE-REF-1", null, null), record.Status);
        Assert.Equal(record.Status, (await journal.GetAsync(1, CancellationToken.None)).Status);
        Assert.True((await journal.VerifyChainAsync(CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task Mark_uploaded_again_with_the_same_reference_changes_nothing()
    {
        await using var journal = await _bed.OpenAsync();
        await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        var first = await journal.MarkUploadedAsync(1, "CENTRE-REF-1", CancellationToken.None);
        _bed.Time.Advance(TimeSpan.FromMinutes(1));

        var again = await journal.MarkUploadedAsync(1, "CENTRE-REF-1", CancellationToken.None);

        Assert.Equal(first.Status, again.Status);
    }

    [Fact]
    public async Task A_final_state_never_changes_to_another_outcome()
    {
        await using var journal = await _bed.OpenAsync();
        await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        await journal.MarkRejectedAsync(1, "E1001", "card blacklisted", CancellationToken.None);

        var toUploaded = await Assert.ThrowsAsync<JournalStateConflictException>(
            () => journal.MarkUploadedAsync(1, "CENTRE-REF-1", CancellationToken.None));
        var otherReason = await Assert.ThrowsAsync<JournalStateConflictException>(
            () => journal.MarkRejectedAsync(1, "E1001", "another reason", CancellationToken.None));

        Assert.Equal(JournalState.Rejected, toUploaded.Current);
        Assert.Equal(JournalState.Rejected, otherReason.Current);
        var status = (await journal.GetAsync(1, CancellationToken.None)).Status;
        Assert.Equal(("E1001", "card blacklisted"), (status.RejectCode, status.RejectReason));
    }

    [Fact]
    public async Task State_change_of_an_unknown_sequence_throws_not_found()
    {
        await using var journal = await _bed.OpenAsync();

        var error = await Assert.ThrowsAsync<JournalRecordNotFoundException>(
            () => journal.MarkUploadedAsync(7, "CENTRE-REF-7", CancellationToken.None));

        Assert.Equal(7, error.Sequence);
    }

    [Fact]
    public async Task Next_pending_in_order_skips_final_records_and_is_null_when_drained()
    {
        await using var journal = await _bed.OpenAsync();
        await journal.AppendBatchAsync([_bed.Draft(), _bed.Draft(), _bed.Draft()], CancellationToken.None);
        await journal.MarkRejectedAsync(1, "E2", "bad", CancellationToken.None);

        Assert.Equal(2, (await journal.NextPendingInOrderAsync(CancellationToken.None))!.Sequence);
        await journal.MarkUploadedAsync(2, "R2", CancellationToken.None);
        Assert.Equal(3, (await journal.NextPendingInOrderAsync(CancellationToken.None))!.Sequence);
        await journal.MarkUploadedAsync(3, "R3", CancellationToken.None);
        Assert.Null(await journal.NextPendingInOrderAsync(CancellationToken.None));
    }

    [Fact]
    public async Task List_filters_by_state_from_a_sequence_up_to_a_limit()
    {
        await using var journal = await _bed.OpenAsync();
        for (var i = 0; i < 6; i++)
        {
            await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        }
        await journal.MarkUploadedAsync(3, "R3", CancellationToken.None);

        var pending = await journal.ListAsync(JournalState.Pending, 2, 3, CancellationToken.None);
        var all = await journal.ListAsync(null, 1, 100, CancellationToken.None);

        Assert.Equal([2L, 4L, 5L], pending.Select(r => r.Sequence));
        Assert.Equal(6, all.Count);
    }

    [Fact]
    public async Task Stats_count_states_and_age_the_oldest_pending_record()
    {
        await using var journal = await _bed.OpenAsync();
        await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        _bed.Time.Advance(TimeSpan.FromMinutes(10));
        await journal.AppendBatchAsync([_bed.Draft(), _bed.Draft(), _bed.Draft()], CancellationToken.None);
        await journal.MarkUploadedAsync(1, "R1", CancellationToken.None);
        await journal.MarkRejectedAsync(2, "E2", "bad", CancellationToken.None);
        _bed.Time.Advance(TimeSpan.FromMinutes(5));

        var stats = await journal.StatsAsync(CancellationToken.None);

        Assert.Equal(new JournalStats(2, TimeSpan.FromMinutes(5), 1, 1, 4), stats);
    }

    [Fact]
    public async Task Stats_of_an_empty_journal_have_no_oldest_pending_age()
    {
        await using var journal = await _bed.OpenAsync();

        Assert.Equal(new JournalStats(0, null, 0, 0, 0), await journal.StatsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Export_masks_personal_fields_unless_decryption_is_asked()
    {
        await using var journal = await _bed.OpenAsync();
        var draft = _bed.Draft();
        await journal.AppendAsync(draft, CancellationToken.None);
        await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        await journal.MarkUploadedAsync(1, "R1", CancellationToken.None);

        var masked = await ExportLinesAsync(journal, PersonalFieldExport.Masked);
        var clear = await ExportLinesAsync(journal, PersonalFieldExport.Decrypted);

        Assert.Equal(2, masked.Count);
        var first = masked[0].RootElement;
        Assert.Equal(1, first.GetProperty("sequence").GetInt64());
        Assert.Equal(draft.Id.ToString(), first.GetProperty("id").GetString());
        Assert.Equal("uploaded", first.GetProperty("state").GetString());
        Assert.Equal(draft.Amounts.TotalFen, first.GetProperty("amounts").GetProperty("totalFen").GetInt64());
        Assert.Equal("A1B2C3D4", first.GetProperty("cardTac").GetString());
        Assert.Equal("SI********01", first.GetProperty("personal").GetProperty("cardNumber").GetString());
        Assert.Equal("测**", first.GetProperty("personal").GetProperty("name").GetString());
        Assert.Equal(draft.Personal.CardNumber, clear[0].RootElement.GetProperty("personal").GetProperty("cardNumber").GetString());
        Assert.Equal(draft.Personal.Ssn, clear[0].RootElement.GetProperty("personal").GetProperty("ssn").GetString());
    }

    [Fact]
    public void Personal_fields_print_masked()
    {
        var personal = new PersonalFields("SIM000000042", "110105194912310042", "测试甲");

        var text = personal.ToString();

        Assert.DoesNotContain("SIM000000042", text, StringComparison.Ordinal);
        Assert.DoesNotContain("110105194912310042", text, StringComparison.Ordinal);
        Assert.DoesNotContain("测试甲", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transit_kind_and_null_personal_fields_round_trip()
    {
        await using var journal = await _bed.OpenAsync();
        var ride = new JournalDraft(
            Guid.NewGuid(), "GATE-07", JournalKind.TransitRide, PaymentSplit.Total(200), ReadOnlyMemory<byte>.Empty,
            Convert.FromHexString("01020304"), Convert.FromHexString("0002"), new PersonalFields("SIM000000077", null, null));

        var sequence = await journal.AppendAsync(ride, CancellationToken.None);

        Assert.Equal(JournalKind.TransitRide, (await journal.GetAsync(sequence, CancellationToken.None)).Kind);
        Assert.Equal(ride.Personal, await journal.ReadPersonalAsync(sequence, CancellationToken.None));
    }

    [Fact]
    public void A_kind_outside_the_naming_rule_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new JournalKind("Transit Ride"));
    }

    private static async Task<List<JsonDocument>> ExportLinesAsync(OfflineJournal journal, PersonalFieldExport personal)
    {
        using var buffer = new MemoryStream();
        await journal.ExportAsync(buffer, personal, CancellationToken.None);
        return Encoding.UTF8.GetString(buffer.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line))
            .ToList();
    }
}
