using System.Text;
using System.Text.Json;
using CardBridge.Api.V1;
using CardBridge.Service.Tests.Security;
using Google.Protobuf;
using Grpc.Core;

namespace CardBridge.Service.Tests.Journal;

public sealed class JournalOverGrpcTests
{
    [Fact]
    public async Task Stats_and_List_of_an_empty_journal_show_nothing_and_the_centre_online()
    {
        await using var rig = await JournalRig.StartAsync();

        var stats = await rig.Client.StatsAsync(new JournalStatsRequest(), JournalRig.As(JournalRig.Reader));
        var list = await rig.Client.ListAsync(new ListJournalRecordsRequest(), JournalRig.As(JournalRig.Reader));

        Assert.Equal(0, stats.PendingCount);
        Assert.Null(stats.OldestPendingAge);
        Assert.Equal(0, stats.UploadedCount);
        Assert.Equal(0, stats.RejectedCount);
        Assert.Equal(0, stats.LastSequence);
        Assert.Equal(CentreConnectivity.Online, stats.Connectivity);
        Assert.Empty(list.Records);
        Assert.Equal(0, list.NextFromSequence);
    }

    [Fact]
    public async Task Records_appended_through_the_registered_journal_are_listed_in_order_without_personal_fields()
    {
        await using var rig = await JournalRig.StartAsync();
        var draft = JournalRig.Draft(12_345);
        await rig.Journal.AppendAsync(draft, CancellationToken.None);
        await rig.AppendAsync(500);

        var list = await rig.Client.ListAsync(new ListJournalRecordsRequest(), JournalRig.As(JournalRig.Reader));

        Assert.Equal([1L, 2L], list.Records.Select(r => r.Sequence));
        var first = list.Records[0];
        Assert.Equal(draft.Id.ToString("D"), first.Uuid);
        Assert.Equal("offline-medical-settlement", first.Kind);
        Assert.Equal("999900000001", first.TerminalId);
        Assert.Equal(new JournalAmounts { TotalFen = 12_345, AccountFen = 6_172, PooledFen = 3_086, SelfPayFen = 3_087 }, first.Amounts);
        Assert.Equal(Convert.ToHexString(draft.LineItemHash.Span), first.LineItemHashHex);
        Assert.True(first.TacPresent);
        Assert.Equal(JournalRecordState.Pending, first.State);
        Assert.Null(first.StateChangedAt);
        var wire = JsonFormatter.Default.Format(list);
        Assert.DoesNotContain(JournalRig.CardNumber, wire, StringComparison.Ordinal);
        Assert.DoesNotContain(JournalRig.Ssn, wire, StringComparison.Ordinal);
        Assert.DoesNotContain(JournalRig.Name, wire, StringComparison.Ordinal);
        Assert.False(ContainsUtf8(list.ToByteArray(), JournalRig.CardNumber) || ContainsUtf8(list.ToByteArray(), JournalRig.Name));
    }

    [Fact]
    public async Task List_pages_by_from_sequence_and_limit_and_filters_by_state()
    {
        await using var rig = await JournalRig.StartAsync();
        for (var i = 1; i <= 5; i++)
        {
            await rig.AppendAsync(100 * i);
        }
        await rig.Journal.MarkUploadedAsync(2, "REF-2", CancellationToken.None);

        var page = await rig.Client.ListAsync(new ListJournalRecordsRequest { FromSequence = 2, Limit = 2 }, JournalRig.As(JournalRig.Reader));
        var last = await rig.Client.ListAsync(new ListJournalRecordsRequest { FromSequence = page.NextFromSequence, Limit = 2 }, JournalRig.As(JournalRig.Reader));
        var pending = await rig.Client.ListAsync(new ListJournalRecordsRequest { State = JournalRecordState.Pending }, JournalRig.As(JournalRig.Reader));

        Assert.Equal([2L, 3L], page.Records.Select(r => r.Sequence));
        Assert.Equal(4, page.NextFromSequence);
        Assert.Equal([4L, 5L], last.Records.Select(r => r.Sequence));
        Assert.Equal([1L, 3L, 4L, 5L], pending.Records.Select(r => r.Sequence));
        var uploaded = page.Records[0];
        Assert.Equal(JournalRecordState.Uploaded, uploaded.State);
        Assert.Equal("REF-2", uploaded.CentreReference);
        Assert.NotNull(uploaded.StateChangedAt);
    }

    [Theory]
    [InlineData(1001, 0, "limit")]
    [InlineData(-1, 0, "limit")]
    [InlineData(10, -1, "from_sequence")]
    public async Task List_out_of_range_is_INVALID_REQUEST_naming_the_field(int limit, long from, string field)
    {
        await using var rig = await JournalRig.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await rig.Client.ListAsync(new ListJournalRecordsRequest { Limit = limit, FromSequence = from }, JournalRig.As(JournalRig.Reader)));

        var info = ApiKeyClient.AssertError(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal(field, info.Metadata["field"]);
    }

    [Fact]
    public async Task UploadNow_drains_pending_records_to_the_simulated_centre()
    {
        await using var rig = await JournalRig.StartAsync();
        await rig.AppendAsync(1_000);
        await rig.AppendAsync(2_000);
        var acceptedBefore = rig.Centre.AcceptedOfflineRecordCount;

        var response = await rig.Client.UploadNowAsync(new UploadNowRequest(), JournalRig.As(JournalRig.Admin));
        var stats = await rig.Client.StatsAsync(new JournalStatsRequest(), JournalRig.As(JournalRig.Reader));
        var list = await rig.Client.ListAsync(new ListJournalRecordsRequest(), JournalRig.As(JournalRig.Reader));

        Assert.Equal(2, response.Round.Uploaded);
        Assert.Equal(0, response.Round.Rejected);
        Assert.False(response.Round.HasStoppedAtSequence);
        Assert.Equal(acceptedBefore + 2, rig.Centre.AcceptedOfflineRecordCount);
        Assert.Equal(0, stats.PendingCount);
        Assert.Equal(2, stats.UploadedCount);
        Assert.NotNull(stats.LastRound);
        Assert.Equal(2, stats.LastRound.Uploaded);
        Assert.All(list.Records, r =>
        {
            Assert.Equal(JournalRecordState.Uploaded, r.State);
            Assert.NotEmpty(r.CentreReference);
        });
    }

    [Fact]
    public async Task UploadNow_with_the_centre_down_stops_at_the_first_pending_record()
    {
        await using var rig = await JournalRig.StartAsync(null, ("Centre:MaxRetries", "0"));
        await rig.AppendAsync(1_000);
        rig.Centre.InjectFault(new CardBridge.Simulation.Centre.CentreFaultRule(CardBridge.Simulation.Centre.CentreFault.Down));

        var response = await rig.Client.UploadNowAsync(new UploadNowRequest(), JournalRig.As(JournalRig.Admin));

        Assert.Equal(0, response.Round.Uploaded);
        Assert.Equal(1, response.Round.StoppedAtSequence);
        var stats = await rig.Client.StatsAsync(new JournalStatsRequest(), JournalRig.As(JournalRig.Reader));
        Assert.Equal(1, stats.PendingCount);
    }

    [Fact]
    public async Task UploadNow_on_a_record_whose_personal_fields_were_tampered_is_DATA_LOSS_JOURNAL_CORRUPT_naming_it()
    {
        await using var rig = await JournalRig.StartAsync();
        await rig.AppendAsync(1_000);
        await rig.AppendAsync(2_000);
        rig.Tamper("UPDATE entries SET personal_sealed = (CASE WHEN substr(personal_sealed, 1, 1) = X'00' THEN X'01' ELSE X'00' END) || substr(personal_sealed, 2) WHERE sequence = 2");

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await rig.Client.UploadNowAsync(new UploadNowRequest(), JournalRig.As(JournalRig.Admin)));

        var info = ApiKeyClient.AssertError(error, StatusCode.DataLoss, "JOURNAL_CORRUPT");
        Assert.Equal("2", info.Metadata["sequence"]);
        var stats = await rig.Client.StatsAsync(new JournalStatsRequest(), JournalRig.As(JournalRig.Reader));
        Assert.Equal(1, stats.UploadedCount);
        Assert.Equal(1, stats.PendingCount);
    }

    [Fact]
    public async Task VerifyChain_is_intact_then_reports_the_record_edited_in_the_file()
    {
        await using var rig = await JournalRig.StartAsync();
        for (var i = 1; i <= 3; i++)
        {
            await rig.AppendAsync(100 * i);
        }

        var before = await rig.Client.VerifyChainAsync(new VerifyChainRequest(), JournalRig.As(JournalRig.Reader));
        rig.Tamper("UPDATE entries SET total_fen = total_fen + 100 WHERE sequence = 2");
        var after = await rig.Client.VerifyChainAsync(new VerifyChainRequest(), JournalRig.As(JournalRig.Reader));

        Assert.True(before.Intact);
        Assert.Equal(ChainFault.None, before.Fault);
        Assert.Equal(3, before.RecordsChecked);
        Assert.False(before.HasFirstBadSequence);
        Assert.False(after.Intact);
        Assert.Equal(ChainFault.Edited, after.Fault);
        Assert.Equal(2, after.FirstBadSequence);
        Assert.Equal(1, after.RecordsChecked);
    }

    [Fact]
    public async Task Export_masks_personal_fields_by_default()
    {
        await using var rig = await JournalRig.StartAsync();
        await rig.AppendAsync(1_000);
        await rig.AppendAsync(2_000);

        var (text, _) = await ExportAsync(rig, JournalRig.Reader, includePersonal: false);

        var lines = Lines(text);
        Assert.Equal([1L, 2L], lines.Select(l => l.GetProperty("sequence").GetInt64()));
        Assert.All(lines, line =>
        {
            Assert.True(line.GetProperty("personalIntact").GetBoolean());
            var personal = line.GetProperty("personal");
            Assert.NotEqual(JournalRig.CardNumber, personal.GetProperty("cardNumber").GetString());
            Assert.NotEqual(JournalRig.Ssn, personal.GetProperty("ssn").GetString());
        });
        Assert.DoesNotContain(JournalRig.CardNumber, text, StringComparison.Ordinal);
        Assert.DoesNotContain(JournalRig.Ssn, text, StringComparison.Ordinal);
        Assert.DoesNotContain(JournalRig.Name, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_with_include_personal_gives_clear_fields_to_journal_admin_with_identity_full()
    {
        await using var rig = await JournalRig.StartAsync();
        await rig.AppendAsync(1_000);

        var (text, _) = await ExportAsync(rig, JournalRig.AdminWithIdentity, includePersonal: true);

        var personal = Assert.Single(Lines(text)).GetProperty("personal");
        Assert.Equal(JournalRig.CardNumber, personal.GetProperty("cardNumber").GetString());
        Assert.Equal(JournalRig.Ssn, personal.GetProperty("ssn").GetString());
        Assert.Equal(JournalRig.Name, personal.GetProperty("name").GetString());
    }

    public static TheoryData<string> ClientsWithoutClearExport() => ["reader", "admin", "reader+identity.full"];

    [Theory]
    [MemberData(nameof(ClientsWithoutClearExport))]
    public async Task Export_with_include_personal_is_SCOPE_DENIED_without_both_journal_admin_and_identity_full(string client)
    {
        await using var rig = await JournalRig.StartAsync();
        await rig.AppendAsync(1_000);
        var caller = client switch
        {
            "reader" => JournalRig.Reader,
            "admin" => JournalRig.Admin,
            _ => JournalRig.ReaderWithIdentity,
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => ExportAsync(rig, caller, includePersonal: true));

        var info = ApiKeyClient.AssertError(error, StatusCode.PermissionDenied, "SCOPE_DENIED");
        Assert.Equal(["identity.full", "journal.admin"], info.Metadata["required_scope"].Split(' ').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Export_of_a_large_journal_streams_chunks_of_whole_lines()
    {
        await using var rig = await JournalRig.StartAsync();
        const int records = 600;
        await rig.Journal.AppendBatchAsync([.. Enumerable.Range(1, records).Select(i => JournalRig.Draft(i))], CancellationToken.None);

        var (text, chunks) = await ExportAsync(rig, JournalRig.Reader, includePersonal: false);

        Assert.True(chunks.Count > 1, $"{chunks.Count} chunk(s) for {text.Length} characters");
        Assert.All(chunks, c => Assert.True(c.Length <= CardBridge.Service.Api.JournalApi.ChunkBytes && c[^1] == (byte)'\n', "a chunk is not whole lines"));
        Assert.Equal(Enumerable.Range(1, records).Select(i => (long)i), Lines(text).Select(l => l.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Journal_calls_are_SCOPE_DENIED_without_a_journal_scope_and_UploadNow_needs_journal_admin()
    {
        await using var rig = await JournalRig.StartAsync();

        var list = await Assert.ThrowsAsync<RpcException>(async () =>
            await rig.Client.ListAsync(new ListJournalRecordsRequest(), JournalRig.As(JournalRig.Teller)));
        var upload = await Assert.ThrowsAsync<RpcException>(async () =>
            await rig.Client.UploadNowAsync(new UploadNowRequest(), JournalRig.As(JournalRig.Reader)));

        Assert.Equal("journal.read journal.admin", ApiKeyClient.AssertError(list, StatusCode.PermissionDenied, "SCOPE_DENIED").Metadata["required_scope"]);
        Assert.Equal("journal.admin", ApiKeyClient.AssertError(upload, StatusCode.PermissionDenied, "SCOPE_DENIED").Metadata["required_scope"]);
    }

    [Fact]
    public async Task Journal_calls_are_audited_with_client_and_outcome()
    {
        await using var rig = await JournalRig.StartAsync();
        await rig.Client.StatsAsync(new JournalStatsRequest(), JournalRig.As(JournalRig.Reader));
        await Assert.ThrowsAsync<RpcException>(async () => await rig.Client.UploadNowAsync(new UploadNowRequest(), JournalRig.As(JournalRig.Reader)));
        await ExportAsync(rig, JournalRig.Reader, includePersonal: false);

        var lines = await AuditLinesAsync(rig.Rig);

        Assert.Contains(lines, l => l.Contains("/cardbridge.v1.JournalService/Stats", StringComparison.Ordinal) && l.Contains("journal-reader", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/cardbridge.v1.JournalService/UploadNow", StringComparison.Ordinal) && l.Contains("SCOPE_DENIED", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/cardbridge.v1.JournalService/Export", StringComparison.Ordinal) && l.Contains("journal test export", StringComparison.Ordinal));
    }

    private static async Task<List<string>> AuditLinesAsync(ServiceRig rig)
    {
        var files = System.IO.Directory.GetFiles(rig.Directory, "audit-*.jsonl");
        var lines = new List<string>();
        foreach (var file in files)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            lines.AddRange((await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        return lines;
    }

    private static async Task<(string Text, List<byte[]> Chunks)> ExportAsync(JournalRig rig, ApiKeyClient client, bool includePersonal)
    {
        using var call = rig.Client.Export(new ExportJournalRequest { IncludePersonal = includePersonal, Purpose = "journal test export" }, JournalRig.As(client));
        var chunks = new List<byte[]>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            chunks.Add(call.ResponseStream.Current.Data.ToByteArray());
        }
        return (Encoding.UTF8.GetString([.. chunks.SelectMany(c => c)]), chunks);
    }

    private static List<JsonElement> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];

    private static bool ContainsUtf8(byte[] bytes, string text) => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
