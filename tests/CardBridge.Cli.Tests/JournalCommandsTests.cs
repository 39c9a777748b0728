using System.Text.Json;
using CardBridge.Api.V1;
using CardBridge.Cli.Tests.Fakes;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace CardBridge.Cli.Tests;

public sealed class JournalCommandsTests : IAsyncLifetime
{
    private static readonly Timestamp Completed = Timestamp.FromDateTime(new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc));
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Stats_table_shows_the_backlog_the_centre_and_the_last_round()
    {
        _server.Journal.OnStats = () => new JournalStatsResponse
        {
            PendingCount = 7,
            OldestPendingAge = Duration.FromTimeSpan(TimeSpan.FromMinutes(125) + TimeSpan.FromSeconds(3)),
            UploadedCount = 40,
            RejectedCount = 2,
            VoidedCount = 1,
            LastSequence = 50,
            Connectivity = CentreConnectivity.Offline,
            ConnectivityChangedAt = Completed,
            LastRound = new UploadRound { Uploaded = 3, Rejected = 1, StoppedAtSequence = 44, CompletedAt = Completed },
        };
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("journal", "stats", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        var lines = cli.Out.Text.Split('\n');
        Assert.Contains(lines, l => Row(l, "pending", "7"));
        Assert.Contains(lines, l => Row(l, "oldest pending age", "2h5m3s"));
        Assert.Contains(lines, l => Row(l, "uploaded", "40"));
        Assert.Contains(lines, l => Row(l, "rejected", "2"));
        Assert.Contains(lines, l => Row(l, "voided", "1"));
        Assert.Contains(lines, l => Row(l, "last sequence", "50"));
        Assert.Contains(lines, l => Row(l, "centre", "offline"));
        Assert.Contains(lines, l => Row(l, "centre changed at", "2026-03-04T05:06:07Z"));
        Assert.Contains(lines, l => Row(l, "last round", "3 uploaded, 1 rejected, stopped at sequence 44"));
        Assert.Equal("", cli.Error.Text);
    }

    [Fact]
    public async Task Stats_without_a_pending_record_or_a_round_has_no_rows_for_them()
    {
        _server.Journal.OnStats = () => new JournalStatsResponse { UploadedCount = 3, LastSequence = 3, Connectivity = CentreConnectivity.Online };
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("journal", "stats", "--endpoint", _server.Address));

        Assert.Contains(cli.Out.Text.Split('\n'), l => Row(l, "pending", "0"));
        Assert.Contains(cli.Out.Text.Split('\n'), l => Row(l, "centre", "online"));
        Assert.DoesNotContain("oldest pending age", cli.Out.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("last round", cli.Out.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_json_is_the_response_in_the_proto3_mapping()
    {
        _server.Journal.OnStats = () => new JournalStatsResponse
        {
            PendingCount = 7,
            OldestPendingAge = Duration.FromTimeSpan(TimeSpan.FromSeconds(90)),
            Connectivity = CentreConnectivity.Online,
        };
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("journal", "stats", "--json", "--endpoint", _server.Address));

        using var json = JsonDocument.Parse(Assert.Single(cli.Out.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("7", json.RootElement.GetProperty("pendingCount").GetString());
        Assert.Equal("90s", json.RootElement.GetProperty("oldestPendingAge").GetString());
        Assert.Equal("CENTRE_CONNECTIVITY_ONLINE", json.RootElement.GetProperty("connectivity").GetString());
        Assert.Equal("0", json.RootElement.GetProperty("rejectedCount").GetString());
    }

    [Fact]
    public async Task Stats_without_the_scope_prints_SCOPE_DENIED_and_exits_1()
    {
        _server.Journal.OnStats = () => throw CardBridgeErrors.Build(Code.PermissionDenied, "SCOPE_DENIED", "needs journal.read", (ErrorDomain.RequiredScope, "journal.read"));
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("journal", "stats", "--endpoint", _server.Address);

        Assert.Equal(1, exit);
        Assert.Equal("", cli.Out.Text);
        Assert.Equal("error: SCOPE_DENIED (PermissionDenied): needs journal.read", cli.Error.Text.Trim());
    }

    [Fact]
    public async Task Upload_now_prints_what_the_round_did()
    {
        _server.Journal.OnUploadNow = () => new UploadNowResponse { Round = new UploadRound { Uploaded = 5, Rejected = 1, CompletedAt = Completed } };
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("journal", "upload-now", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        Assert.Equal("upload round: 5 uploaded, 1 rejected, nothing left pending, ended 2026-03-04T05:06:07Z", cli.Out.Text.Trim());
    }

    [Fact]
    public async Task Upload_now_names_the_sequence_a_round_stopped_at()
    {
        _server.Journal.OnUploadNow = () => new UploadNowResponse { Round = new UploadRound { StoppedAtSequence = 12, CompletedAt = Completed } };
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("journal", "upload-now", "--endpoint", _server.Address));

        Assert.StartsWith("upload round: 0 uploaded, 0 rejected, stopped at sequence 12 ", cli.Out.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_now_json_is_the_round()
    {
        _server.Journal.OnUploadNow = () => new UploadNowResponse { Round = new UploadRound { Uploaded = 2, StoppedAtSequence = 9, CompletedAt = Completed } };
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("journal", "upload-now", "--json", "--endpoint", _server.Address));

        using var json = JsonDocument.Parse(cli.Out.Text);
        var round = json.RootElement.GetProperty("round");
        Assert.Equal(2, round.GetProperty("uploaded").GetInt32());
        Assert.Equal("9", round.GetProperty("stoppedAtSequence").GetString());
        Assert.Equal("2026-03-04T05:06:07Z", round.GetProperty("completedAt").GetString());
    }

    [Fact]
    public async Task Upload_now_when_the_journal_is_unavailable_reports_it_as_json_and_exits_1()
    {
        _server.Journal.OnUploadNow = () => throw CardBridgeErrors.Build(Code.Unavailable, "JOURNAL_UNAVAILABLE", "storage is read-only", (ErrorDomain.JournalReason, "read_only"));
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("journal", "upload-now", "--json", "--endpoint", _server.Address);

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(cli.Out.Text);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("JOURNAL_UNAVAILABLE", error.GetProperty("reason").GetString());
        Assert.Equal("read_only", error.GetProperty("metadata").GetProperty("journal_reason").GetString());
    }

    [Fact]
    public async Task Verify_of_an_intact_chain_says_so_and_exits_0()
    {
        _server.Journal.OnVerify = () => new VerifyChainResponse { Intact = true, Fault = ChainFault.None, RecordsChecked = 50 };
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("journal", "verify", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        Assert.Equal("chain intact: 50 records verified", cli.Out.Text.Trim());
    }

    [Fact]
    public async Task Verify_of_a_broken_chain_names_the_first_bad_record_and_why_and_exits_1()
    {
        _server.Journal.OnVerify = () => new VerifyChainResponse
        {
            Intact = false,
            Fault = ChainFault.Edited,
            FirstBadSequence = 17,
            RecordsChecked = 16,
            Detail = "record 17's content does not match its seal",
        };
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("journal", "verify", "--endpoint", _server.Address);

        Assert.Equal(1, exit);
        Assert.Equal(
            "chain broken at record 17: a record's content was changed (16 records verified before it): record 17's content does not match its seal",
            cli.Out.Text.Trim());
    }

    [Fact]
    public async Task Verify_json_of_a_broken_chain_is_the_response_and_exits_1()
    {
        _server.Journal.OnVerify = () => new VerifyChainResponse { Fault = ChainFault.Missing, FirstBadSequence = 31, RecordsChecked = 30 };
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("journal", "verify", "--json", "--endpoint", _server.Address);

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(cli.Out.Text);
        Assert.False(json.RootElement.GetProperty("intact").GetBoolean());
        Assert.Equal("CHAIN_FAULT_MISSING", json.RootElement.GetProperty("fault").GetString());
        Assert.Equal("31", json.RootElement.GetProperty("firstBadSequence").GetString());
    }

    [Fact]
    public async Task Verify_of_an_unreadable_journal_prints_JOURNAL_CORRUPT_and_exits_1()
    {
        _server.Journal.OnVerify = () => throw CardBridgeErrors.Build(Code.DataLoss, "JOURNAL_CORRUPT", "the journal file is damaged", (ErrorDomain.Sequence, "4"));
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("journal", "verify", "--endpoint", _server.Address);

        Assert.Equal(1, exit);
        Assert.Equal("error: JOURNAL_CORRUPT (DataLoss): the journal file is damaged", cli.Error.Text.Trim());
    }

    [Fact]
    public async Task List_prints_one_row_per_record_with_its_amounts_state_and_centre_answer()
    {
        _server.Journal.OnList = _ => new ListJournalRecordsResponse
        {
            Records =
            {
                Record(1, JournalRecordState.Uploaded, r => { r.CentreReference = "CTR-0001"; r.StateChangedAt = Completed; }),
                Record(2, JournalRecordState.Rejected, r => { r.RejectCode = "E104"; r.RejectReason = "duplicate bill"; }),
                Record(3, JournalRecordState.Pending, _ => { }),
            },
        };
        var cli = new CliRun();
        cli.Console.Ansi.Profile.Width = 300;

        var exit = await cli.InvokeAsync("journal", "list", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        var lines = cli.Out.Text.Split('\n');
        Assert.Contains(lines, l => Cells(l, "1", "offline-medical-settlement", "uploaded", "123.45", "100.00", "20.00", "3.45", "yes", "T-0001", "00000000-0000-4000-8000-000000000001", "ref CTR-0001 at 2026-03-04T05:06:07Z"));
        Assert.Contains(lines, l => Cells(l, "2", "rejected", "rejected E104 duplicate bill"));
        Assert.Contains(lines, l => Cells(l, "3", "pending", "00000000-0000-4000-8000-000000000003"));
        Assert.DoesNotContain("more records", cli.Out.Text, StringComparison.Ordinal);
        var request = Assert.Single(_server.Journal.ListCalls).Request;
        Assert.Equal(new ListJournalRecordsRequest(), request);
    }

    [Fact]
    public async Task List_sends_state_from_and_limit_and_says_where_the_next_page_starts()
    {
        _server.Journal.OnList = _ => new ListJournalRecordsResponse { Records = { Record(40, JournalRecordState.Pending, _ => { }) }, NextFromSequence = 41 };
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("journal", "list", "--state", "pending", "--from", "40", "--limit", "1", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        var request = Assert.Single(_server.Journal.ListCalls).Request;
        Assert.Equal(JournalRecordState.Pending, request.State);
        Assert.Equal(40, request.FromSequence);
        Assert.Equal(1, request.Limit);
        Assert.Contains("more records: --from 41", cli.Out.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_of_an_empty_page_says_there_are_no_records()
    {
        _server.Journal.OnList = _ => new ListJournalRecordsResponse();
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("journal", "list", "--state", "rejected", "--endpoint", _server.Address));

        Assert.Equal("no records", cli.Out.Text.Trim());
    }

    [Fact]
    public async Task List_json_is_the_page_as_the_service_sent_it()
    {
        _server.Journal.OnList = _ => new ListJournalRecordsResponse { Records = { Record(5, JournalRecordState.AwaitingCard, _ => { }) } };
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("journal", "list", "--json", "--endpoint", _server.Address));

        using var json = JsonDocument.Parse(Assert.Single(cli.Out.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var record = Assert.Single(json.RootElement.GetProperty("records").EnumerateArray());
        Assert.Equal("5", record.GetProperty("sequence").GetString());
        Assert.Equal("JOURNAL_RECORD_STATE_AWAITING_CARD", record.GetProperty("state").GetString());
        Assert.Equal("12345", record.GetProperty("amounts").GetProperty("totalFen").GetString());
        Assert.Equal("0", json.RootElement.GetProperty("nextFromSequence").GetString());
    }

    [Theory]
    [InlineData("--state", "lost")]
    [InlineData("--from", "-1")]
    [InlineData("--limit", "0")]
    [InlineData("--limit", "1001")]
    public async Task List_with_an_out_of_range_option_is_a_usage_error_without_a_call(string option, string value)
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("journal", "list", option, value, "--endpoint", _server.Address);

        Assert.Equal(2, exit);
        Assert.Empty(_server.Journal.ListCalls);
    }

    [Fact]
    public async Task List_refused_by_the_service_prints_its_reason_and_field_and_exits_1()
    {
        _server.Journal.OnList = _ => throw CardBridgeErrors.Build(Code.InvalidArgument, "INVALID_REQUEST", "from_sequence is beyond the journal", (ErrorDomain.Field, "from_sequence"));
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("journal", "list", "--json", "--from", "999", "--endpoint", _server.Address);

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(cli.Out.Text);
        Assert.Equal("INVALID_REQUEST", json.RootElement.GetProperty("error").GetProperty("reason").GetString());
        Assert.Equal("from_sequence", json.RootElement.GetProperty("error").GetProperty("metadata").GetProperty("field").GetString());
    }

    [Fact]
    public async Task Journal_commands_report_a_service_that_is_not_there_as_cannot_connect_exit_3()
    {
        var address = _server.Address;
        await _server.DisposeAsync();
        _server = await TestServer.StartAsync();
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("journal", "stats", "--endpoint", address);

        Assert.Equal(3, exit);
        Assert.StartsWith($"error: cannot connect to {address}", cli.Error.Text, StringComparison.Ordinal);
    }

    private static JournalRecord Record(long sequence, JournalRecordState state, Action<JournalRecord> arrange)
    {
        var record = new JournalRecord
        {
            Sequence = sequence,
            Uuid = $"00000000-0000-4000-8000-{sequence:000000000000}",
            Kind = "offline-medical-settlement",
            CreatedAt = Completed,
            TerminalId = "T-0001",
            Amounts = new JournalAmounts { TotalFen = 12345, AccountFen = 10000, PooledFen = 2000, SelfPayFen = 345 },
            TacPresent = true,
            State = state,
        };
        arrange(record);
        return record;
    }

    private static bool Row(string line, string field, string value)
    {
        var cells = line.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return cells.Length == 2 && cells[0] == field && cells[1].StartsWith(value, StringComparison.Ordinal);
    }

    private static bool Cells(string line, params string[] expected)
    {
        var cells = line.Split('│', StringSplitOptions.TrimEntries);
        return expected.All(e => cells.Contains(e));
    }
}
