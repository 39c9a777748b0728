using CardBridge.Journal;

namespace CardBridge.Journal.Tests;

public sealed class GroupCommitTests : IDisposable
{
    private readonly JournalTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Concurrent_appends_all_commit_in_gapless_order_with_an_intact_chain(bool groupCommit)
    {
        var options = _bed.Options();
        options.GroupCommit = groupCommit;
        await using var journal = await OfflineJournal.OpenAsync(options, _bed.Time, CancellationToken.None);

        var sequences = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => journal.AppendAsync(_bed.Draft(), CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), sequences.Order());
        Assert.Equal(ChainVerification.Intact(40), await journal.VerifyChainAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_write_that_fails_inside_a_group_leaves_the_others_of_its_group_committed()
    {
        await using var journal = await _bed.OpenAsync();
        var taken = _bed.Draft();
        await journal.AppendAsync(taken, CancellationToken.None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            await Record.ExceptionAsync(() => journal.AppendAsync(i == 7 ? taken : _bed.Draft(), CancellationToken.None)))));

        Assert.IsType<DuplicateJournalRecordException>(outcomes[7]);
        Assert.Single(outcomes, o => o is not null);
        Assert.Equal(ChainVerification.Intact(20), await journal.VerifyChainAsync(CancellationToken.None));
    }
}
