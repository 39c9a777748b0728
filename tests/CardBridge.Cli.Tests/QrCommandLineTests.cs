using CardBridge.Api.V1;
using CardBridge.Cli.Commands;
using CardBridge.Cli.Output;
using CardBridge.Cli.Tests.Fakes;
using Google.Protobuf.WellKnownTypes;

namespace CardBridge.Cli.Tests;

/// <summary>The QR options and views against the fake server: what is sent, what is refused before any call, what is shown.</summary>
public sealed class QrCommandLineTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Timestamp At(int hour) => Timestamp.FromDateTime(new DateTime(2026, 5, 6, hour, 0, 0, DateTimeKind.Utc));

    private static CodeCredential TransitCode() => new()
    {
        CredentialId = "cred-0001",
        Kind = QrCodeKind.Transit,
        Scanner = "Gate Scanner",
        ScannedAt = At(8),
        ValidUntil = At(9),
        Transit = new TransitCodeInfo
        {
            AccountMasked = "SI*****01",
            IssuerId = 7,
            Interoperable = true,
            PerTripLimitFen = 1250,
            GeneratedAt = At(7),
            ExpiresAt = At(10),
        },
    };

    [Fact]
    public async Task Await_sends_the_scanner_and_codes_only()
    {
        _server.Identity.OnAwait = (_, _) => Task.FromResult(new AwaitCredentialResponse { Code = TransitCode() });
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("await", "--scanner", "Gate Scanner", "--codes-only", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        var request = Assert.Single(_server.Identity.AwaitCalls).Request;
        Assert.Equal("Gate Scanner", request.Scanner);
        Assert.Equal(PresentedKinds.CodesOnly, request.Accept);
    }

    [Theory]
    [InlineData("--cards-only", PresentedKinds.CardsOnly)]
    [InlineData("--only-new", PresentedKinds.CardsAndCodes)]
    public async Task Await_asks_for_the_kinds_the_options_name(string option, PresentedKinds expected)
    {
        _server.Identity.OnAwait = (_, _) => Task.FromResult(new AwaitCredentialResponse { Code = TransitCode() });
        var cli = new CliRun();

        await cli.InvokeAsync("await", option, "--endpoint", _server.Address);

        Assert.Equal(expected, Assert.Single(_server.Identity.AwaitCalls).Request.Accept);
    }

    [Fact]
    public async Task Cards_only_and_codes_only_together_is_a_usage_error_and_calls_nothing()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("await", "--cards-only", "--codes-only", "--endpoint", _server.Address);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--cards-only or --codes-only, not both", cli.Error.Text, StringComparison.Ordinal);
        Assert.Empty(_server.Identity.AwaitCalls);
    }

    [Fact]
    public async Task Await_shows_a_transit_code_with_its_transit_rows_and_no_empty_rows()
    {
        _server.Identity.OnAwait = (_, _) => Task.FromResult(new AwaitCredentialResponse { Code = TransitCode() });
        var cli = new CliRun();

        await cli.InvokeAsync("await", "--endpoint", _server.Address);

        var rows = QrOverSimulatorTests.TableRows(cli.Out.Text);
        Assert.Equal("cred-0001", rows["credential id"]);
        Assert.Equal("transit", rows["kind"]);
        Assert.Equal("2026-05-06T08:00:00Z", rows["scanned at"]);
        Assert.Equal("2026-05-06T09:00:00Z", rows["valid until"]);
        Assert.Equal("SI*****01", rows["transit account (masked)"]);
        Assert.Equal("7", rows["issuer"]);
        Assert.Equal("12.50 yuan", rows["per-trip limit"]);
        Assert.Equal("2026-05-06T10:00:00Z", rows["expires at"]);
        foreach (var absent in new[] { "transit account", "holder id", "name (masked)", "name", "card number (masked)", "insurance org" })
        {
            Assert.False(rows.ContainsKey(absent), $"row '{absent}' shown for a field the service did not send");
        }
    }

    [Fact]
    public void A_full_transit_code_shows_the_account()
    {
        var code = TransitCode();
        code.Transit.Account = "SIM000001";

        var rows = CodeView.Fields(code).Rows.ToDictionary(r => r.Field, r => r.Value);

        Assert.Equal("SIM000001", rows["transit account"]);
    }

    [Theory]
    [InlineData("--scanner", "S", "--holder", "third-gen")]
    [InlineData("--scanner", "S", "--kind", "evoucher")]
    [InlineData("--kind", "evoucher", "--holder", "third-gen")]
    [InlineData("--scanner", "S", "--kind", "voucher", "--holder", "third-gen")]
    [InlineData("--scanner", "S", "--kind", "essc", "--holder", "third-gen", "--code", "stale")]
    public async Task Present_code_with_missing_or_unknown_values_is_a_usage_error(params string[] options)
    {
        var cli = new CliRun();

        Assert.Equal(ExitCodes.Usage, await cli.InvokeAsync(["sim", "present-code", .. options, "--endpoint", _server.Address]));
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("garbage")]
    public void Present_code_replay_and_garbage_need_no_kind_or_holder(string code)
    {
        var parsed = CardBridgeCommandLine.Build(new CliRun().Console).Parse(["sim", "present-code", "--scanner", "S", "--code", code]);

        Assert.Empty(parsed.Errors);
    }

    [Fact]
    public void Scanner_events_read_as_lines()
    {
        var time = Timestamp.FromDateTime(DateTime.UnixEpoch);

        Assert.Equal(
            "1970-01-01T00:00:00.000Z scanner disconnected: Gate Scanner",
            ReaderCommands.Describe(new ReaderEvent { Time = time, ScannerConnectivity = new ScannerConnectivityChanged { Scanner = "Gate Scanner" } }));
        Assert.Equal(
            "1970-01-01T00:00:00.000Z QR refused: Gate Scanner e-voucher QR_REPLAYED",
            ReaderCommands.Describe(new ReaderEvent { Time = time, QrScanned = new QrScanned { Scanner = "Gate Scanner", Kind = QrCodeKind.EVoucher, Refused = ErrorReason.QrReplayed } }));
        Assert.Equal(
            "1970-01-01T00:00:00.000Z QR scanned: Gate Scanner e-SSC credential cred-0002",
            ReaderCommands.Describe(new ReaderEvent { Time = time, QrScanned = new QrScanned { Scanner = "Gate Scanner", Kind = QrCodeKind.ESocialSecurityCard, CredentialId = "cred-0002" } }));
    }
}
