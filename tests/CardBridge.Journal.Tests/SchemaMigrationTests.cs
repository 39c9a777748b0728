using CardBridge.Journal.Calls;
using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Tests;

/// <summary>
/// A journal written by the release before hospital visits (schema 3, <c>Fixtures/journal-v3.db</c>: one offline
/// record, a completed online settle, a completed offline settle, a settle a crash left unanswered) opens, migrates
/// and keeps working.
/// </summary>
public sealed class SchemaMigrationTests : IDisposable
{
    private readonly JournalTestBed _bed = new();

    public SchemaMigrationTests() => File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "journal-v3.db"), _bed.Path);

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task A_schema_3_journal_opens_at_the_current_version_with_its_records_and_calls_intact()
    {
        await using (var journal = await _bed.OpenAsync())
        {
            var online = await journal.Calls.FindAsync("his-1", "OLD-ONLINE-1", CancellationToken.None);
            var unfinished = Assert.Single(await journal.Calls.UnfinishedAsync(CancellationToken.None));

            Assert.True((await journal.VerifyChainAsync(CancellationToken.None)).IsIntact);
            Assert.Equal(1500, (await journal.GetAsync(1, CancellationToken.None)).Amounts.TotalFen);
            Assert.Equal("SIMSETL00000001", online!.SettlementId);
            Assert.Null(online.Breakdown);
            Assert.Null(online.InsuredArea);
            Assert.Equal(("OLD-UNFINISHED-1", "H99000000001202601010000000002", null), (unfinished.Key, unfinished.MsgId, unfinished.InfNo));
        }

        using var connection = new SqliteConnection($"Data Source={_bed.Path};Pooling=False");
        connection.Open();
        using var version = connection.CreateCommand();
        version.CommandText = "SELECT MAX(version) FROM schema_version";
        Assert.Equal(4L, version.ExecuteScalar());
    }

    [Fact]
    public async Task A_migrated_journal_takes_new_records_and_visit_calls_with_their_insured_area_and_breakdown()
    {
        await using (var journal = await _bed.OpenAsync())
        {
            var sequence = await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
            var call = new SettlementCall("his-1", "NEW-VISIT-1", SettlementCall.Visit, [1, 2, 3], false, 1, "holder", 3, 0, Guid.NewGuid())
            {
                InfNo = "2401",
            };
            await journal.Calls.BeginAsync(call, CancellationToken.None);
            await journal.Calls.SetMessageAsync(call with { InsuredArea = "440300" }, "M1", "SIMPSN0003", CancellationToken.None);
            await journal.Calls.CompleteAsync(
                call with
                {
                    Completed = true,
                    MsgId = "M1",
                    PersonNo = "SIMPSN0003",
                    VisitId = "V1",
                    Breakdown = new SettlementBreakdown(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                    CompletedAtMs = 2,
                },
                CancellationToken.None);
            Assert.Equal(2, sequence);
        }

        await using var reopened = await _bed.OpenAsync();
        var stored = await reopened.Calls.FindAsync("his-1", "NEW-VISIT-1", CancellationToken.None);
        Assert.Equal(("2401", "440300", "V1", "M1"), (stored!.InfNo, stored.InsuredArea, stored.VisitId, stored.MsgId));
        Assert.Equal(15, stored.Breakdown!.Value.PersonShareFen);
        Assert.True((await reopened.VerifyChainAsync(CancellationToken.None)).IsIntact);
    }
}
