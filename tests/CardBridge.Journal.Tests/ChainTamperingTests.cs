using System.Text;

namespace CardBridge.Journal.Tests;

/// <summary>Raw SQL edits behind the journal's back; VerifyChain must name the first bad record and why.</summary>
public sealed class ChainTamperingTests : IDisposable
{
    private static readonly Tampering[] Table =
    [
        new("none: states changed through the journal only", 5, null, ChainFault.None, null) { ChangedThroughJournal = true },
        new("an amount edited", 5, "UPDATE entries SET total_fen = total_fen + 100 WHERE sequence = 3", ChainFault.Edited, 3),
        new("a record deleted from the middle", 5, "DELETE FROM entries WHERE sequence = 3", ChainFault.Missing, 3),
        new("the newest record deleted", 5, "DELETE FROM entries WHERE sequence = 5", ChainFault.Missing, 5),
        new(
            "a record deleted from the middle and the rest renumbered", 5,
            "DELETE FROM entries WHERE sequence = 3; UPDATE entries SET sequence = sequence - 1 WHERE sequence > 3", ChainFault.Reordered, 3),
        new(
            "two records swapped", 6,
            "UPDATE entries SET sequence = -1 WHERE sequence = 2; UPDATE entries SET sequence = 2 WHERE sequence = 5; " +
            " UPDATE entries SET sequence = 5 WHERE sequence = -1",
            ChainFault.Reordered, 2) { DetailNames = "record 5" },
        new(
            "two neighbours swapped", 4,
            "UPDATE entries SET sequence = -1 WHERE sequence = 3; UPDATE entries SET sequence = 3 WHERE sequence = 4; " +
            "UPDATE entries SET sequence = 4 WHERE sequence = -1",
            ChainFault.Reordered, 3),
        new(
            "a ciphertext changed", 4,
            "UPDATE entries SET personal_sealed = (CASE WHEN substr(personal_sealed, 1, 1) = X'00' THEN X'01' ELSE X'00' END) || substr(personal_sealed, 2) WHERE sequence = 2",
            ChainFault.Edited, 2) { PersonalUnreadable = true },
        new(
            "a ciphertext moved to another record", 4,
            "UPDATE entries SET personal_nonce = (SELECT personal_nonce FROM entries WHERE sequence = 3), " +
            "personal_sealed = (SELECT personal_sealed FROM entries WHERE sequence = 3) WHERE sequence = 2",
            ChainFault.Edited, 2) { PersonalUnreadable = true },
        new(
            "a state forged with raw SQL", 4,
            "UPDATE entries SET state = 1, state_at_ms = 0, centre_reference = 'FORGED' WHERE sequence = 2", ChainFault.BadHmac, 2),
        new("a chain seal changed", 4, "UPDATE entries SET chain_mac = zeroblob(32) WHERE sequence = 3", ChainFault.BadHmac, 3),
        new(
            "a record inserted behind the journal's back", 3,
            "INSERT INTO entries SELECT 4, randomblob(16), created_at_ms, terminal_id, kind, total_fen, account_fen, pooled_fen, " +
            "self_pay_fen, line_item_hash, card_tac, card_counter, personal_nonce, personal_sealed, content_mac, chain_mac, " +
            "state, state_at_ms, centre_reference, reject_code, reject_reason, state_mac, proof_tac, proof_counter FROM entries WHERE sequence = 3",
            ChainFault.Edited, 4),
        new(
            "several records edited, the first named", 6,
            "UPDATE entries SET account_fen = 0 WHERE sequence = 5; UPDATE entries SET terminal_id = 'TERM-9' WHERE sequence = 2",
            ChainFault.Edited, 2),
    ];

    private readonly JournalTestBed _bed = new();

    public static TheoryData<string> Tamperings => new(Table.Select(t => t.Name));

    public void Dispose() => _bed.Dispose();

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task Verification_names_the_first_bad_record_and_why(string tampering)
    {
        var row = Table.Single(t => t.Name == tampering);
        await FillAsync(row.Records);
        if (row.ChangedThroughJournal)
        {
            await using var journal = await _bed.OpenAsync();
            await journal.MarkUploadedAsync(2, "R2", CancellationToken.None);
            await journal.MarkRejectedAsync(4, "E4", "refused", CancellationToken.None);
        }
        if (row.Sql is { } sql)
        {
            _bed.Tamper(sql);
        }

        var result = await VerifyAsync();

        if (row.Fault == ChainFault.None)
        {
            Assert.Equal(ChainVerification.Intact(row.Records), result);
            return;
        }
        Assert.False(result.IsIntact);
        Assert.Equal((row.Fault, row.FirstBad), (result.Fault, result.FirstBadSequence));
        if (row.DetailNames is { } named)
        {
            Assert.Contains(named, result.Detail, StringComparison.Ordinal);
        }
        if (row.PersonalUnreadable)
        {
            await AssertPersonalUnreadableAsync(row.FirstBad!.Value, row.Records);
        }
    }

    /// <summary>The record's personal fields never decrypt; an export still holds every record, that one without them.</summary>
    private async Task AssertPersonalUnreadableAsync(long sequence, int records)
    {
        await using var journal = await _bed.OpenAsync();
        var error = await Assert.ThrowsAsync<JournalIntegrityException>(() => journal.ReadPersonalAsync(sequence, CancellationToken.None));
        Assert.Equal(sequence, error.Sequence);
        using var export = new MemoryStream();
        await journal.ExportAsync(export, PersonalFieldExport.Decrypted, CancellationToken.None);
        var lines = Encoding.UTF8.GetString(export.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(records, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            Assert.Contains(
                i + 1 == sequence ? "\"personalIntact\":false,\"personal\":null" : "\"personalIntact\":true", lines[i], StringComparison.Ordinal);
        }
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

    /// <summary>
    /// One row of the table: a journal of <paramref name="Records"/> records, <paramref name="Sql"/> run behind its back
    /// (none: nothing), and what verification must report: the fault and the first bad record.
    /// </summary>
    private sealed record Tampering(string Name, int Records, string? Sql, ChainFault Fault, long? FirstBad)
    {
        /// <summary>Records 2 and 4 change state through the journal first (uploaded, rejected).</summary>
        public bool ChangedThroughJournal { get; init; }

        /// <summary>Text the verification's detail must contain.</summary>
        public string? DetailNames { get; init; }

        /// <summary>The bad record's personal fields must no longer decrypt, neither read nor exported.</summary>
        public bool PersonalUnreadable { get; init; }
    }
}
