using System.Globalization;
using CardBridge.Journal;

namespace CardBridge.Journal.Tests;

[Trait("Category", "Integration")]
public sealed class JournalKillTests : IDisposable
{
    private readonly JournalTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Append_loop_killed_with_SIGKILL_loses_no_acknowledged_record_and_leaves_a_valid_chain()
    {
        var random = new Random(20260301);
        var acknowledged = new Dictionary<long, Guid>();
        for (var round = 0; round < 6; round++)
        {
            using (var child = JournalChildProcess.Start("append-loop", _bed.Path))
            {
                // Kill at a random point: after a random number of acknowledgements the child is inside another append.
                var seen = acknowledged.Count;
                await child.LinesAsync(random.Next(3, 80)).WaitAsync(TimeSpan.FromSeconds(60));
                await child.KillAsync();
                foreach (var line in child.Lines)
                {
                    var parts = line.Split(' ');
                    Assert.True(parts[0] == "ack", $"child said: {line}");
                    acknowledged.Add(long.Parse(parts[1], CultureInfo.InvariantCulture), Guid.ParseExact(parts[2], "N"));
                }
                Assert.True(acknowledged.Count > seen, "the child acknowledged nothing this round");
            }

            await using var journal = await _bed.OpenAsync();
            var verification = await journal.VerifyChainAsync(CancellationToken.None);
            Assert.True(verification.IsIntact, $"round {round}: {verification.Detail}");
            var records = await journal.ListAsync(null, 1, 100_000, CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Sequence));
            Assert.Equal(verification.RecordsChecked, records.Count);
            foreach (var (sequence, id) in acknowledged)
            {
                Assert.Equal(id, records[(int)sequence - 1].Id);
            }
        }
    }
}
