using CardBridge.Journal;
using FsCheck.Xunit;

namespace CardBridge.Journal.Tests;

public sealed class JournalPropertyTests
{
    /// <summary>
    /// Each operation code picks an action: append one, append a batch, mark a record uploaded, mark one rejected
    /// (final states may conflict; the model says when). After any such history the chain verifies, sequences run
    /// 1..n and every record's state is what the model expects.
    /// </summary>
    [Property(MaxTest = 40)]
    public async Task<bool> Any_history_of_appends_and_state_changes_keeps_the_chain_valid(byte[] operations)
    {
        using var bed = new JournalTestBed();
        await using var journal = await bed.OpenAsync();
        var model = new List<JournalState>();
        foreach (var operation in operations.Take(30))
        {
            var argument = operation >> 2;
            switch (operation & 3)
            {
                case 0:
                    await journal.AppendAsync(bed.Draft(argument), CancellationToken.None);
                    model.Add(JournalState.Pending);
                    break;
                case 1:
                    var batch = Enumerable.Range(0, argument % 4 + 1).Select(_ => bed.Draft(argument)).ToList();
                    await journal.AppendBatchAsync(batch, CancellationToken.None);
                    model.AddRange(batch.Select(_ => JournalState.Pending));
                    break;
                case 2 when model.Count > 0:
                    await ChangeAsync(model, argument % model.Count, JournalState.Uploaded,
                        s => journal.MarkUploadedAsync(s, "R" + s, CancellationToken.None));
                    break;
                case 3 when model.Count > 0:
                    await ChangeAsync(model, argument % model.Count, JournalState.Rejected,
                        s => journal.MarkRejectedAsync(s, "E" + s, "refused", CancellationToken.None));
                    break;
                default:
                    break;
            }
            bed.Time.Advance(TimeSpan.FromSeconds(argument));
        }

        var verification = await journal.VerifyChainAsync(CancellationToken.None);
        var stored = await journal.ListAsync(null, 1, 1000, CancellationToken.None);
        return verification.IsIntact
            && verification.RecordsChecked == model.Count
            && stored.Select(r => r.Sequence).SequenceEqual(Enumerable.Range(1, model.Count).Select(i => (long)i))
            && stored.Select(r => r.Status.State).SequenceEqual(model);
    }

    private static async Task ChangeAsync(List<JournalState> model, int index, JournalState target, Func<long, Task<JournalRecord>> change)
    {
        var sequence = index + 1L;
        if (model[index] == JournalState.Pending || model[index] == target)
        {
            await change(sequence);
            model[index] = target;
            return;
        }
        await Assert.ThrowsAsync<JournalStateConflictException>(() => change(sequence));
    }
}
