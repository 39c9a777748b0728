using CardBridge.Journal;

namespace CardBridge.Journal.Tests;

public sealed class CardAwaitingRecordTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly byte[] Tac = Convert.FromHexString("0A0B0C0D");
    private static readonly byte[] Counter = Convert.FromHexString("0007");

    private readonly JournalTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private JournalDraft AwaitingDraft(long totalFen = 5_000) =>
        _bed.Draft(totalFen) with { CardTac = ReadOnlyMemory<byte>.Empty, CardTransactionCounter = ReadOnlyMemory<byte>.Empty, AwaitsCard = true };

    [Fact]
    public async Task Record_committed_ahead_of_its_card_write_counts_as_pending_but_is_not_uploaded_yet()
    {
        await using var journal = await _bed.OpenAsync();
        var sequence = await journal.AppendAsync(AwaitingDraft(), Ct);

        var record = await journal.GetAsync(sequence, Ct);
        var stats = await journal.StatsAsync(Ct);

        Assert.Equal(JournalState.AwaitingCard, record.Status.State);
        Assert.Equal(1, stats.PendingCount);
        Assert.Equal(sequence, (await journal.NextPendingInOrderAsync(Ct))!.Sequence);
    }

    [Fact]
    public async Task Confirming_the_card_write_makes_the_record_pending_with_the_cards_proof_and_keeps_the_chain_intact()
    {
        await using var journal = await _bed.OpenAsync();
        var sequence = await journal.AppendAsync(AwaitingDraft(), Ct);

        var confirmed = await journal.ConfirmCardWriteAsync(sequence, Tac, Counter, Ct);
        var again = await journal.ConfirmCardWriteAsync(sequence, Tac, Counter, Ct);

        Assert.Equal(JournalState.Pending, confirmed.Status.State);
        Assert.Equal(Tac, confirmed.CardTac.ToArray());
        Assert.Equal(Counter, confirmed.CardTransactionCounter.ToArray());
        Assert.Equal(confirmed.Status, again.Status);
        Assert.Equal(Tac, (await journal.GetAsync(sequence, Ct)).CardTac.ToArray());
        Assert.True((await journal.VerifyChainAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task Voided_record_is_kept_never_uploaded_and_cannot_be_confirmed_later()
    {
        await using var journal = await _bed.OpenAsync();
        var sequence = await journal.AppendAsync(AwaitingDraft(), Ct);

        var voided = await journal.VoidAsync(sequence, "card removed before the debit", Ct);

        Assert.Equal(JournalState.Voided, voided.Status.State);
        Assert.Equal("card removed before the debit", voided.Status.RejectReason);
        Assert.Null(await journal.NextPendingInOrderAsync(Ct));
        var stats = await journal.StatsAsync(Ct);
        Assert.Equal((0, 1), (stats.PendingCount, stats.VoidedCount));
        await Assert.ThrowsAsync<JournalStateConflictException>(() => journal.ConfirmCardWriteAsync(sequence, Tac, Counter, Ct));
        Assert.True((await journal.VerifyChainAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task Only_a_record_awaiting_its_card_can_be_confirmed_or_voided()
    {
        await using var journal = await _bed.OpenAsync();
        var plain = await journal.AppendAsync(_bed.Draft(), Ct);

        await Assert.ThrowsAsync<JournalStateConflictException>(() => journal.ConfirmCardWriteAsync(plain, Tac, Counter, Ct));
        await Assert.ThrowsAsync<JournalStateConflictException>(() => journal.VoidAsync(plain, "no", Ct));
    }

    [Fact]
    public async Task Records_left_awaiting_by_a_dead_process_are_released_as_pending_at_the_next_start()
    {
        long interrupted;
        long finished;
        await using (var journal = await _bed.OpenAsync())
        {
            interrupted = await journal.AppendAsync(AwaitingDraft(), Ct);
            finished = await journal.AppendAsync(AwaitingDraft(), Ct);
            await journal.ConfirmCardWriteAsync(finished, Tac, Counter, Ct);
        }
        await using var reopened = await _bed.OpenAsync();

        var released = await reopened.ReleaseInterruptedAsync(Ct);

        Assert.Equal([interrupted], released);
        var record = await reopened.GetAsync(interrupted, Ct);
        Assert.Equal(JournalState.Pending, record.Status.State);
        Assert.True(record.CardTac.IsEmpty);
        Assert.Empty(await reopened.ReleaseInterruptedAsync(Ct));
        Assert.True((await reopened.VerifyChainAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task Forged_card_proof_written_past_the_journal_is_detected()
    {
        long sequence;
        await using (var journal = await _bed.OpenAsync())
        {
            sequence = await journal.AppendAsync(AwaitingDraft(), Ct);
            await journal.ConfirmCardWriteAsync(sequence, Tac, Counter, Ct);
        }
        _bed.Tamper($"UPDATE entries SET proof_tac = X'DEADBEEF' WHERE sequence = {sequence}");
        await using var reopened = await _bed.OpenAsync();

        var verification = await reopened.VerifyChainAsync(Ct);

        Assert.False(verification.IsIntact);
        Assert.Equal(sequence, verification.FirstBadSequence);
    }

    [Fact]
    public async Task Journal_written_before_card_proofs_existed_migrates_and_its_seals_still_hold()
    {
        await using (var journal = await _bed.OpenAsync())
        {
            await journal.AppendAsync(_bed.Draft(), Ct);
            await journal.MarkUploadedAsync(1, "CENTRE-1", Ct);
            await journal.AppendAsync(_bed.Draft(), Ct);
        }
        _bed.Tamper("ALTER TABLE entries DROP COLUMN proof_tac; ALTER TABLE entries DROP COLUMN proof_counter; DROP TABLE settlement_calls; DELETE FROM schema_version WHERE version >= 2");
        await using var reopened = await _bed.OpenAsync();

        var verification = await reopened.VerifyChainAsync(Ct);
        var next = await reopened.AppendAsync(AwaitingDraft(), Ct);
        await reopened.ConfirmCardWriteAsync(next, Tac, Counter, Ct);

        Assert.True(verification.IsIntact);
        Assert.Equal(2, verification.RecordsChecked);
        Assert.True((await reopened.VerifyChainAsync(Ct)).IsIntact);
    }
}
