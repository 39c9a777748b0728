using CardBridge.Journal;
using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Tests;

public sealed class JournalConcurrencyTests : IDisposable
{
    private readonly JournalTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Parallel_appends_get_unique_consecutive_sequences_and_a_valid_chain()
    {
        await using var journal = await _bed.OpenAsync();
        const int writers = 16;
        const int each = 20;

        var appended = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            var mine = new List<(long Sequence, Guid Id)>();
            for (var i = 0; i < each; i++)
            {
                var draft = _bed.Draft();
                mine.Add((await journal.AppendAsync(draft, CancellationToken.None), draft.Id));
            }
            return mine;
        })));

        var all = appended.SelectMany(a => a).ToList();
        Assert.Equal(Enumerable.Range(1, writers * each).Select(i => (long)i), all.Select(a => a.Sequence).Order());
        foreach (var (sequence, id) in all)
        {
            Assert.Equal(id, (await journal.GetAsync(sequence, CancellationToken.None)).Id);
        }
        Assert.True((await journal.VerifyChainAsync(CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task Two_journal_instances_on_one_file_never_share_a_sequence()
    {
        await using var first = await _bed.OpenAsync();
        await using var second = await _bed.OpenAsync();

        var sequences = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).AppendAsync(_bed.Draft(), CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), sequences.Order());
        Assert.True((await second.VerifyChainAsync(CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task Append_while_another_process_holds_the_write_lock_throws_locked_and_stores_nothing()
    {
        await using var journal = await _bed.OpenAsync();
        await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        await using var other = new SqliteConnection($"Data Source={_bed.Path};Pooling=False");
        await other.OpenAsync();
        await using (var transaction = (SqliteTransaction)await other.BeginTransactionAsync())
        {
            var error = await Assert.ThrowsAsync<JournalUnavailableException>(() => journal.AppendAsync(_bed.Draft(), CancellationToken.None));

            Assert.Equal(JournalUnavailableReason.Locked, error.Reason);
        }

        Assert.Equal(ChainVerification.Intact(1), await journal.VerifyChainAsync(CancellationToken.None));
        Assert.Equal(2, await journal.AppendAsync(_bed.Draft(), CancellationToken.None));
    }

    [Fact]
    public async Task Readers_run_while_appends_and_state_changes_go_on()
    {
        await using var journal = await _bed.OpenAsync();
        await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        const int readerCount = 4;
        var readersStarted = 0;
        var allReading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var readers = Enumerable.Range(0, readerCount).Select(_ => Task.Run(async () =>
        {
            var checks = 0;
            do
            {
                Assert.True((await journal.VerifyChainAsync(CancellationToken.None)).IsIntact);
                var stats = await journal.StatsAsync(CancellationToken.None);
                Assert.Equal(stats.LastSequence, stats.PendingCount + stats.UploadedCount + stats.RejectedCount);
                if (++checks == 1 && Interlocked.Increment(ref readersStarted) == readerCount)
                {
                    allReading.SetResult();
                }
            }
            while (!writerDone.Task.IsCompleted);
            return checks;
        })).ToList();
        await allReading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 60; i++)
        {
            var sequence = await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
            if (i % 3 == 0)
            {
                await journal.MarkUploadedAsync(sequence, $"R{sequence}", CancellationToken.None);
            }
        }
        writerDone.SetResult();
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new JournalStats(41, TimeSpan.Zero, 20, 0, 61), await journal.StatsAsync(CancellationToken.None));
    }
}
