using CardBridge.Journal;

namespace CardBridge.Journal.Tests;

/// <summary>Raw SQL edits behind the journal's back; VerifyChain must name the first bad record and why.</summary>
public sealed class ChainTamperingTests : IDisposable
{
    private readonly JournalTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Untouched_journal_with_state_changes_verifies()
    {
        await FillAsync(5);
        await using var journal = await _bed.OpenAsync();
        await journal.MarkUploadedAsync(2, "R2", CancellationToken.None);
        await journal.MarkRejectedAsync(4, "E4", "refused", CancellationToken.None);

        var result = await journal.VerifyChainAsync(CancellationToken.None);

        Assert.Equal(ChainVerification.Intact(5), result);
    }

    [Fact]
    public async Task Edited_amount_is_named_as_edited()
    {
        await FillAsync(5);

        _bed.Tamper("UPDATE entries SET total_fen = total_fen + 100 WHERE sequence = 3");

        await AssertFirstBadAsync(ChainFault.Edited, 3);
    }

    [Fact]
    public async Task Deleted_middle_record_is_named_as_missing()
    {
        await FillAsync(5);

        _bed.Tamper("DELETE FROM entries WHERE sequence = 3");

        await AssertFirstBadAsync(ChainFault.Missing, 3);
    }

    [Fact]
    public async Task Deleted_newest_record_is_named_as_missing()
    {
        await FillAsync(5);

        _bed.Tamper("DELETE FROM entries WHERE sequence = 5");

        await AssertFirstBadAsync(ChainFault.Missing, 5);
    }

    [Fact]
    public async Task Deleted_middle_record_with_the_rest_renumbered_is_detected_there()
    {
        await FillAsync(5);

        _bed.Tamper("DELETE FROM entries WHERE sequence = 3; UPDATE entries SET sequence = sequence - 1 WHERE sequence > 3");

        var result = await VerifyAsync();
        Assert.Equal(3, result.FirstBadSequence);
        Assert.Equal(ChainFault.Reordered, result.Fault);
    }

    [Fact]
    public async Task Swapped_records_are_named_as_reordered_at_the_first_of_the_two()
    {
        await FillAsync(6);

        _bed.Tamper(
            "UPDATE entries SET sequence = -1 WHERE sequence = 2; UPDATE entries SET sequence = 2 WHERE sequence = 5; " +
            " UPDATE entries SET sequence = 5 WHERE sequence = -1");

        var result = await AssertFirstBadAsync(ChainFault.Reordered, 2);
        Assert.Contains("record 5", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swapped_neighbours_are_named_as_reordered()
    {
        await FillAsync(4);

        _bed.Tamper(
            "UPDATE entries SET sequence = -1 WHERE sequence = 3; UPDATE entries SET sequence = 3 WHERE sequence = 4; " +
            "UPDATE entries SET sequence = 4 WHERE sequence = -1");

        await AssertFirstBadAsync(ChainFault.Reordered, 3);
    }

    [Fact]
    public async Task Changed_ciphertext_is_named_as_edited_and_never_decrypts()
    {
        await FillAsync(4);

        _bed.Tamper("UPDATE entries SET personal_sealed = (CASE WHEN substr(personal_sealed, 1, 1) = X'00' THEN X'01' ELSE X'00' END) || substr(personal_sealed, 2) WHERE sequence = 2");

        await AssertFirstBadAsync(ChainFault.Edited, 2);
        await using var journal = await _bed.OpenAsync();
        var error = await Assert.ThrowsAsync<JournalIntegrityException>(() => journal.ReadPersonalAsync(2, CancellationToken.None));
        Assert.Equal(2, error.Sequence);
        using var export = new MemoryStream();
        await journal.ExportAsync(export, PersonalFieldExport.Decrypted, CancellationToken.None);
        var lines = System.Text.Encoding.UTF8.GetString(export.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains("\"personalIntact\":false,\"personal\":null", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"personalIntact\":true", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ciphertext_moved_to_another_record_does_not_decrypt_there()
    {
        await FillAsync(4);

        _bed.Tamper(
            "UPDATE entries SET personal_nonce = (SELECT personal_nonce FROM entries WHERE sequence = 3), " +
            "personal_sealed = (SELECT personal_sealed FROM entries WHERE sequence = 3) WHERE sequence = 2");

        await AssertFirstBadAsync(ChainFault.Edited, 2);
        await using var journal = await _bed.OpenAsync();
        await Assert.ThrowsAsync<JournalIntegrityException>(() => journal.ReadPersonalAsync(2, CancellationToken.None));
    }

    [Fact]
    public async Task State_forged_with_raw_SQL_is_named_as_bad_hmac()
    {
        await FillAsync(4);

        _bed.Tamper("UPDATE entries SET state = 1, state_at_ms = 0, centre_reference = 'FORGED' WHERE sequence = 2");

        await AssertFirstBadAsync(ChainFault.BadHmac, 2);
    }

    [Fact]
    public async Task Changed_chain_seal_is_named_as_bad_hmac()
    {
        await FillAsync(4);

        _bed.Tamper("UPDATE entries SET chain_mac = zeroblob(32) WHERE sequence = 3");

        await AssertFirstBadAsync(ChainFault.BadHmac, 3);
    }

    [Fact]
    public async Task Record_inserted_behind_the_journals_back_is_named()
    {
        await FillAsync(3);

        _bed.Tamper(
            "INSERT INTO entries SELECT 4, randomblob(16), created_at_ms, terminal_id, kind, total_fen, account_fen, pooled_fen, " +
            "self_pay_fen, line_item_hash, card_tac, card_counter, personal_nonce, personal_sealed, content_mac, chain_mac, " +
            "state, state_at_ms, centre_reference, reject_code, reject_reason, state_mac, proof_tac, proof_counter FROM entries WHERE sequence = 3");

        await AssertFirstBadAsync(ChainFault.Edited, 4);
    }

    [Fact]
    public async Task The_first_of_several_tampered_records_is_named()
    {
        await FillAsync(6);

        _bed.Tamper("UPDATE entries SET account_fen = 0 WHERE sequence = 5; UPDATE entries SET terminal_id = 'TERM-9' WHERE sequence = 2");

        await AssertFirstBadAsync(ChainFault.Edited, 2);
    }

    private async Task FillAsync(int count)
    {
        await using var journal = await _bed.OpenAsync();
        for (var i = 0; i < count; i++)
        {
            await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        }
    }

    private async Task<ChainVerification> VerifyAsync()
    {
        await using var journal = await _bed.OpenAsync();
        return await journal.VerifyChainAsync(CancellationToken.None);
    }

    private async Task<ChainVerification> AssertFirstBadAsync(ChainFault fault, long sequence)
    {
        var result = await VerifyAsync();
        Assert.False(result.IsIntact);
        Assert.Equal((fault, sequence), (result.Fault, result.FirstBadSequence));
        return result;
    }
}
