using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CardBridge.Api.V1;
using CardBridge.Cli.Tests.Fakes;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace CardBridge.Cli.Tests;

public sealed class IdentityCommandsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static CardIdentity BasicIdentity() => new()
    {
        SessionId = "sess-0001",
        Reader = "Virtual PCD 00 00",
        ReadAt = Timestamp.FromDateTime(new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc)),
        Card = new CardInfo
        {
            Kind = CardKind.ThirdGeneration,
            SpecVersion = "3.00",
            Region = "110100",
            IssueDate = Timestamp.FromDateTime(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            ExpiryDate = Timestamp.FromDateTime(new DateTime(2034, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            Validity = CardValidity.Valid,
            CardNumberMasked = "SI*****01",
        },
        Holder = new HolderInfo { HolderId = new string('a', 64), NameMasked = "测**" },
        Genuineness = Genuineness.NotChecked,
    };

    private static Dictionary<string, string> TableRows(string text) =>
        text.Split('\n')
            .Select(line => line.Split('│', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length == 4 && cells[1].Length > 0)
            .ToDictionary(cells => cells[1], cells => cells[2]);

    [Fact]
    public async Task Read_of_a_basic_identity_shows_the_masked_values_and_no_row_for_absent_fields()
    {
        _server.Identity.OnRead = (_, _) => Task.FromResult(new ReadCardResponse { Identity = BasicIdentity() });
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("read", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        var rows = TableRows(cli.Out.Text);
        Assert.Equal("测**", rows["name (masked)"]);
        Assert.Equal("SI*****01", rows["card number (masked)"]);
        Assert.Equal("ThirdGeneration", rows["card kind"]);
        Assert.Equal("2034-01-01", rows["expiry date"]);
        Assert.Equal("2026-03-04T05:06:07Z", rows["read at"]);
        Assert.Equal("NotChecked", rows["genuineness"]);
        foreach (var absent in new[] { "name", "ssn", "sex", "card number", "birth date", "card category", "ethnicity", "card identification code", "holder unavailable",
            "holder unavailable because", "verified by" })
        {
            Assert.False(rows.ContainsKey(absent), $"row '{absent}' shown for a field the service did not send");
        }
    }

    [Fact]
    public async Task Read_of_a_full_identity_shows_the_full_fields()
    {
        var identity = BasicIdentity();
        identity.Holder.Name = "测试甲";
        identity.Holder.Ssn = "110101199001011234";
        identity.Holder.Sex = Sex.Female;
        identity.Holder.BirthDate = Timestamp.FromDateTime(new DateTime(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        identity.Card.CardNumber = "SIM000001";
        identity.Genuineness = Genuineness.Verified;
        identity.VerifiedBy = KeyAuthority.Hsm;
        _server.Identity.OnRead = (_, _) => Task.FromResult(new ReadCardResponse { Identity = identity });
        var cli = new CliRun();

        await cli.InvokeAsync("read", "--endpoint", _server.Address);

        var rows = TableRows(cli.Out.Text);
        Assert.Equal("Hsm", rows["verified by"]);
        Assert.Equal("测试甲", rows["name"]);
        Assert.Equal("110101199001011234", rows["ssn"]);
        Assert.Equal("Female", rows["sex"]);
        Assert.Equal("1990-01-01", rows["birth date"]);
        Assert.Equal("SIM000001", rows["card number"]);
    }

    [Fact]
    public async Task Read_sends_the_session_purpose_and_allow_expired()
    {
        _server.Identity.OnRead = (_, _) => Task.FromResult(new ReadCardResponse { Identity = BasicIdentity() });
        var cli = new CliRun();

        await cli.InvokeAsync("read", "--session", "sess-0001", "--purpose", "outpatient registration", "--allow-expired", "--endpoint", _server.Address);

        var request = Assert.Single(_server.Identity.ReadCalls).Request;
        Assert.Equal("sess-0001", request.Target.SessionId);
        Assert.Equal("outpatient registration", request.Purpose);
        Assert.True(request.AllowExpired);
    }

    [Fact]
    public async Task Read_by_reader_targets_the_reader()
    {
        _server.Identity.OnRead = (_, _) => Task.FromResult(new ReadCardResponse { Identity = BasicIdentity() });
        var cli = new CliRun();

        await cli.InvokeAsync("read", "--reader", "Virtual PCD 00 01", "--endpoint", _server.Address);

        Assert.Equal("Virtual PCD 00 01", Assert.Single(_server.Identity.ReadCalls).Request.Target.Reader);
    }

    [Fact]
    public async Task Read_json_has_the_identity_fields_and_omits_absent_optionals()
    {
        _server.Identity.OnRead = (_, _) => Task.FromResult(new ReadCardResponse { Identity = BasicIdentity() });
        var cli = new CliRun();

        await cli.InvokeAsync("read", "--json", "--endpoint", _server.Address);

        using var json = JsonDocument.Parse(cli.Out.Text);
        var identity = json.RootElement.GetProperty("identity");
        Assert.Equal("sess-0001", identity.GetProperty("sessionId").GetString());
        Assert.Equal("测**", identity.GetProperty("holder").GetProperty("nameMasked").GetString());
        Assert.False(identity.GetProperty("holder").TryGetProperty("name", out _));
        Assert.Equal("CARD_KIND_THIRD_GENERATION", identity.GetProperty("card").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Session_and_reader_together_is_a_usage_error_and_calls_nothing()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("read", "--session", "s", "--reader", "r", "--endpoint", _server.Address);

        Assert.Equal(2, exit);
        Assert.Contains("not both", cli.Error.Text, StringComparison.Ordinal);
        Assert.Empty(_server.Identity.ReadCalls);
    }

    [Fact]
    public async Task A_card_error_prints_its_reason_code_and_message_and_exits_1()
    {
        _server.Identity.OnRead = (_, _) => throw CardBridgeErrors.Build(Code.FailedPrecondition, "CARD_EXPIRED", "the card expired on 2020-01-01", (ErrorDomain.SessionId, "sess-0001"));
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("read", "--endpoint", _server.Address);

        Assert.Equal(1, exit);
        Assert.Equal("error: CARD_EXPIRED (FailedPrecondition): the card expired on 2020-01-01", cli.Error.Text.TrimEnd());
        Assert.Equal("", cli.Out.Text);
    }

    [Fact]
    public async Task Pin_from_stdin_reaches_the_server_and_appears_in_no_output()
    {
        _server.Identity.OnVerify = _ => Task.FromResult(new VerifyPinResponse { SessionId = "sess-0001" });
        var cli = new CliRun(stdin: "837261\n");

        var exit = await cli.InvokeAsync("verify-pin", "--reader", "Virtual PCD 00 00", "--purpose", "dispense", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        var request = Assert.Single(_server.Identity.VerifyCalls).Request;
        Assert.Equal("837261", request.Pin);
        Assert.Equal("Virtual PCD 00 00", request.Target.Reader);
        Assert.Equal("dispense", request.Purpose);
        Assert.Contains("PIN verified (session sess-0001)", cli.Out.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("837261", cli.Out.Text + cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_pin_prints_the_tries_left_and_exits_1_without_echoing_the_pin()
    {
        _server.Identity.OnVerify = _ => throw CardBridgeErrors.Build(Code.FailedPrecondition, "WRONG_PIN", "wrong PIN", (ErrorDomain.TriesLeft, "2"));
        var cli = new CliRun(stdin: "000000\n");

        var exit = await cli.InvokeAsync("verify-pin", "--endpoint", _server.Address);

        Assert.Equal(1, exit);
        var lines = cli.Error.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("error: WRONG_PIN (FailedPrecondition): wrong PIN", lines[0]);
        Assert.Equal("tries left: 2", lines[1]);
        Assert.DoesNotContain("000000", cli.Out.Text + cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_pin_with_json_prints_one_error_object_with_reason_and_metadata()
    {
        _server.Identity.OnVerify = _ => throw CardBridgeErrors.Build(Code.FailedPrecondition, "WRONG_PIN", "wrong PIN", (ErrorDomain.TriesLeft, "1"));
        var cli = new CliRun(stdin: "000000\n");

        var exit = await cli.InvokeAsync("verify-pin", "--json", "--endpoint", _server.Address);

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(cli.Out.Text);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal((int)StatusCode.FailedPrecondition, error.GetProperty("code").GetInt32());
        Assert.Equal("WRONG_PIN", error.GetProperty("reason").GetString());
        Assert.Equal("wrong PIN", error.GetProperty("message").GetString());
        Assert.Equal("1", error.GetProperty("metadata").GetProperty("tries_left").GetString());
    }

    [Fact]
    public async Task Verify_pin_with_nothing_on_stdin_is_a_usage_error_and_calls_nothing()
    {
        var cli = new CliRun(stdin: "");

        var exit = await cli.InvokeAsync("verify-pin", "--endpoint", _server.Address);

        Assert.Equal(2, exit);
        Assert.Empty(_server.Identity.VerifyCalls);
    }

    [Fact]
    public async Task Pin_pad_asks_the_reader_for_entry_and_reads_no_pin()
    {
        _server.Identity.OnVerify = _ => Task.FromResult(new VerifyPinResponse { SessionId = "sess-0001" });
        var cli = new CliRun(stdin: "123456\n");

        var exit = await cli.InvokeAsync("verify-pin", "--pin-pad", "--session", "sess-0001", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        var request = Assert.Single(_server.Identity.VerifyCalls).Request;
        Assert.Equal(VerifyPinRequest.EntryOneofCase.UsePinPad, request.EntryCase);
        Assert.True(request.UsePinPad);
    }

    [Fact]
    public async Task Await_passes_its_timeout_as_a_duration_and_shows_the_identity()
    {
        _server.Identity.OnAwait = (_, _) => Task.FromResult(new AwaitCredentialResponse { Card = BasicIdentity() });
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("await", "--reader", "Virtual PCD 00 01", "--timeout", "30s", "--only-new", "--purpose", "check-in", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        var call = Assert.Single(_server.Identity.AwaitCalls);
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromSeconds(30)), call.Request.Timeout);
        Assert.Equal("Virtual PCD 00 01", call.Request.Reader);
        Assert.True(call.Request.OnlyNew);
        Assert.Equal("check-in", call.Request.Purpose);
        Assert.True(call.Deadline > DateTime.UtcNow + TimeSpan.FromSeconds(30), "the call deadline must outlast the wait");
        Assert.Equal("测**", TableRows(cli.Out.Text)["name (masked)"]);
    }

    [Fact]
    public async Task Await_without_timeout_leaves_the_duration_unset_for_the_service_default()
    {
        _server.Identity.OnAwait = (_, _) => Task.FromResult(new AwaitCredentialResponse { Card = BasicIdentity() });
        var cli = new CliRun();

        await cli.InvokeAsync("await", "--endpoint", _server.Address);

        Assert.Null(Assert.Single(_server.Identity.AwaitCalls).Request.Timeout);
    }

    [Fact]
    public async Task Await_nothing_presented_exits_1_with_the_reason()
    {
        _server.Identity.OnAwait = (_, _) => throw CardBridgeErrors.Build(Code.DeadlineExceeded, "NOTHING_PRESENTED", "no card within 1s");
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("await", "--timeout", "1s", "--endpoint", _server.Address);

        Assert.Equal(1, exit);
        Assert.StartsWith("error: NOTHING_PRESENTED (DeadlineExceeded)", cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_while_awaiting_cancels_the_call_and_exits_130_quietly()
    {
        var serverSawCancel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Identity.OnAwait = async (_, context) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            finally
            {
                serverSawCancel.TrySetResult();
            }
            throw new InvalidOperationException("unreachable");
        };
        var cli = new CliRun();
        using var stop = new CancellationTokenSource();

        var run = cli.InvokeAsync(["await", "--timeout", "5m", "--endpoint", _server.Address], stop.Token);
        await _server.Identity.AwaitStarted.Task.WaitAsync(Patience);
        await stop.CancelAsync();

        Assert.Equal(130, await run.WaitAsync(Patience));
        await serverSawCancel.Task.WaitAsync(Patience);
        Assert.Equal("", cli.Error.Text);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_hits_the_deadline_and_exits_1()
    {
        _server.Identity.OnRead = async (_, context) =>
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            throw new InvalidOperationException("unreachable");
        };
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("read", "--timeout", "300ms", "--endpoint", _server.Address).WaitAsync(Patience);

        Assert.Equal(1, exit);
        Assert.Contains("(DeadlineExceeded)", cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_service_at_the_endpoint_exits_3_quickly()
    {
        var cli = new CliRun();
        var stopwatch = Stopwatch.StartNew();

        var exit = await cli.InvokeAsync("read", "--endpoint", $"http://127.0.0.1:{UnusedPort()}").WaitAsync(Patience);

        Assert.Equal(3, exit);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"took {stopwatch.Elapsed}");
        Assert.StartsWith("error: cannot connect to http://127.0.0.1:", cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unavailable_reader_the_service_reports_is_a_call_failure_not_a_connection_failure()
    {
        _server.Identity.OnRead = (_, _) => throw CardBridgeErrors.Build(Code.Unavailable, "READER_UNAVAILABLE", "PC/SC service is down");
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("read", "--endpoint", _server.Address);

        Assert.Equal(1, exit);
        Assert.StartsWith("error: READER_UNAVAILABLE (Unavailable)", cli.Error.Text, StringComparison.Ordinal);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
