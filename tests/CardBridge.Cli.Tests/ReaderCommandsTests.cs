using System.Text.Json;
using CardBridge.Api.V1;
using CardBridge.Cli.Tests.Fakes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CardBridge.Cli.Tests;

public sealed class ReaderCommandsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _server.Readers.OnList = _ => Task.FromResult(new ListReadersResponse
        {
            Readers =
            {
                new Reader { Name = "Virtual PCD 00 00", CardPresent = true, SessionId = "sess-0001" },
                new Reader { Name = "Virtual PCD 00 01", CardPresent = false },
            },
        });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Readers_table_shows_each_reader_with_card_presence_and_session()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("readers", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        var lines = cli.Out.Text.Split('\n');
        Assert.Contains(lines, l => l.Contains("Virtual PCD 00 00", StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal) && l.Contains("sess-0001", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Virtual PCD 00 01", StringComparison.Ordinal) && l.Contains("no", StringComparison.Ordinal));
        Assert.Equal("", cli.Error.Text);
    }

    [Fact]
    public async Task Readers_table_shows_the_PIN_pad_the_interface_and_the_PSAM_slot()
    {
        _server.Readers.OnList = _ => Task.FromResult(new ListReadersResponse
        {
            Readers =
            {
                new Reader { Name = "Pad Reader", PinPad = true, Features = { "VERIFY_PIN_DIRECT" }, CardInterface = ReaderInterface.Contact },
                new Reader { Name = "Plain Reader", CardInterface = ReaderInterface.Contactless },
            },
            Psam = new PsamSlot { Reader = "PSAM Reader", TerminalNumber = "999900000001" },
        });
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("readers", "--endpoint", _server.Address));

        var lines = cli.Out.Text.Split('\n');
        Assert.Contains(lines, l => l.Contains("Pad Reader", StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal) && l.Contains("Contact", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Plain Reader", StringComparison.Ordinal) && l.Contains("Contactless", StringComparison.Ordinal) && !l.Contains("yes", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("PSAM Reader", StringComparison.Ordinal) && l.Contains("999900000001", StringComparison.Ordinal));
    }

    [Fact]
    public void A_PIN_pad_prompt_is_one_line_naming_the_reader_and_the_session()
    {
        var time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc));

        Assert.Equal("2026-03-04T05:06:07.000Z pin pad: Pad Reader waits for the PIN (session sess-0001)", CardBridge.Cli.Commands.ReaderCommands.Describe(
            new ReaderEvent { Time = time, PinPadPrompt = new PinPadPrompt { Reader = "Pad Reader", SessionId = "sess-0001", Stage = PinPadStage.EnterPin } }));
        Assert.Equal("2026-03-04T05:06:07.000Z pin pad: Pad Reader entry done (session sess-0001)", CardBridge.Cli.Commands.ReaderCommands.Describe(
            new ReaderEvent { Time = time, PinPadPrompt = new PinPadPrompt { Reader = "Pad Reader", SessionId = "sess-0001", Stage = PinPadStage.Done } }));
    }

    [Fact]
    public async Task Readers_json_is_one_object_with_the_reader_fields()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("readers", "--json", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        var line = Assert.Single(cli.Out.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var readers = json.RootElement.GetProperty("readers").EnumerateArray().ToArray();
        Assert.Equal("Virtual PCD 00 00", readers[0].GetProperty("name").GetString());
        Assert.True(readers[0].GetProperty("cardPresent").GetBoolean());
        Assert.Equal("sess-0001", readers[0].GetProperty("sessionId").GetString());
        Assert.False(readers[1].GetProperty("cardPresent").GetBoolean());
        Assert.False(readers[1].TryGetProperty("sessionId", out _));
    }

    [Fact]
    public async Task Endpoint_comes_from_CARDBRIDGE_ENDPOINT_when_not_given()
    {
        var cli = new CliRun(environment: new Dictionary<string, string> { ["CARDBRIDGE_ENDPOINT"] = _server.Address });

        var exit = await cli.InvokeAsync("readers");

        Assert.Equal(0, exit);
        Assert.Contains("Virtual PCD 00 00", cli.Out.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_key_option_arrives_as_bearer_authorization_metadata()
    {
        var cli = new CliRun();

        await cli.InvokeAsync("readers", "--endpoint", _server.Address, "--api-key", "k");

        var call = Assert.Single(_server.Readers.ListCalls);
        Assert.Equal("Bearer k", call.Headers.GetValue("authorization"));
    }

    [Fact]
    public async Task Api_key_comes_from_CARDBRIDGE_API_KEY_when_not_given()
    {
        var cli = new CliRun(environment: new Dictionary<string, string> { ["CARDBRIDGE_API_KEY"] = "from-env" });

        await cli.InvokeAsync("readers", "--endpoint", _server.Address);

        Assert.Equal("Bearer from-env", Assert.Single(_server.Readers.ListCalls).Headers.GetValue("authorization"));
    }

    [Fact]
    public async Task Without_an_api_key_no_authorization_header_is_sent()
    {
        var cli = new CliRun();

        await cli.InvokeAsync("readers", "--endpoint", _server.Address);

        Assert.Null(Assert.Single(_server.Readers.ListCalls).Headers.GetValue("authorization"));
    }

    [Fact]
    public async Task Unary_calls_carry_the_timeout_option_as_their_deadline()
    {
        var cli = new CliRun();
        var before = DateTime.UtcNow;

        await cli.InvokeAsync("readers", "--endpoint", _server.Address, "--timeout", "3s");

        var deadline = Assert.Single(_server.Readers.ListCalls).Deadline!.Value;
        Assert.InRange(deadline, before + TimeSpan.FromSeconds(2), DateTime.UtcNow + TimeSpan.FromSeconds(3.5));
    }

    [Fact]
    public async Task Watch_prints_streamed_events_and_ends_with_0_when_cancelled()
    {
        var time = Timestamp.FromDateTime(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        _server.Readers.StreamedEvents =
        [
            new ReaderEvent { Time = time, ReaderAttached = new ReaderAttached { Reader = "Virtual PCD 00 00" } },
            new ReaderEvent { Time = time, CardInserted = new CardInserted { Reader = "Virtual PCD 00 00", Atr = ByteString.CopyFrom(Convert.FromHexString("3B6800")) } },
            new ReaderEvent { Time = time, SessionReady = new SessionReady { Reader = "Virtual PCD 00 00", SessionId = "sess-0002", Kind = CardKind.ThirdGeneration, IdentityRead = true } },
        ];
        var cli = new CliRun();
        using var stop = new CancellationTokenSource();

        var run = cli.InvokeAsync(["watch", "--reader", "Virtual PCD 00 00", "--endpoint", _server.Address], stop.Token);
        await cli.Out.WaitUntilAsync(t => t.Contains("session ready", StringComparison.Ordinal), Patience);
        await stop.CancelAsync();
        var exit = await run.WaitAsync(Patience);

        Assert.Equal(0, exit);
        var lines = cli.Out.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("reader attached: Virtual PCD 00 00", lines[0], StringComparison.Ordinal);
        Assert.Contains("card inserted: Virtual PCD 00 00 ATR 3B6800", lines[1], StringComparison.Ordinal);
        Assert.Contains("session ready: Virtual PCD 00 00 session sess-0002 ThirdGeneration", lines[2], StringComparison.Ordinal);
        Assert.Equal("", cli.Error.Text);
        Assert.Equal("Virtual PCD 00 00", Assert.Single(_server.Readers.WatchCalls).Request.Reader);
        await _server.Readers.WatchCancelled.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task Watch_json_prints_one_parseable_object_per_event()
    {
        _server.Readers.StreamedEvents =
        [
            new ReaderEvent { Time = Timestamp.FromDateTime(DateTime.UnixEpoch), CardRemoved = new CardRemoved { Reader = "Virtual PCD 00 01", SessionId = "sess-0003" } },
            new ReaderEvent { Time = Timestamp.FromDateTime(DateTime.UnixEpoch), ServiceLost = new ServiceLost { Detail = "pcscd stopped" } },
        ];
        var cli = new CliRun();
        using var stop = new CancellationTokenSource();

        var run = cli.InvokeAsync(["watch", "--json", "--endpoint", _server.Address], stop.Token);
        await cli.Out.WaitUntilAsync(t => t.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2, Patience);
        await stop.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(Patience));
        var lines = cli.Out.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var removed = JsonDocument.Parse(lines[0]);
        Assert.Equal("sess-0003", removed.RootElement.GetProperty("cardRemoved").GetProperty("sessionId").GetString());
        using var lost = JsonDocument.Parse(lines[1]);
        Assert.Equal("pcscd stopped", lost.RootElement.GetProperty("serviceLost").GetProperty("detail").GetString());
    }
}
