using System.Text.Json;
using CardBridge.Cli.Tests.Fakes;

namespace CardBridge.Cli.Tests;

/// <summary>The QR commands against the real service in simulator mode: codes shown with <c>sim present-code</c>.</summary>
[Trait("Category", "Integration")]
public sealed class QrOverSimulatorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string Holder = "third-gen";

    internal static Dictionary<string, string> TableRows(string text) =>
        text.Split('\n')
            .Select(line => line.Split('│', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length == 4 && cells[1].Length > 0)
            .ToDictionary(cells => cells[1], cells => cells[2]);

    private static async Task<int> RunAsync(SimulatedService service, params string[] args)
    {
        var cli = new CliRun();
        var exit = await cli.InvokeAsync([.. args, "--endpoint", service.Address]).WaitAsync(Patience);
        Assert.True(exit == 0, $"cardbridge {string.Join(' ', args)} exited {exit}: {cli.Error.Text}{cli.Out.Text}");
        return exit;
    }

    /// <summary>Starts <c>await</c> and returns once the service is listening (the CLI's "waiting for" line).</summary>
    private static async Task<(CliRun Cli, Task<int> Exit)> AwaitListeningAsync(SimulatedService service, params string[] args)
    {
        var cli = new CliRun();
        var exit = cli.InvokeAsync(["await", "--timeout", "30s", .. args, "--endpoint", service.Address]);
        await cli.Error.WaitUntilAsync(text => text.Contains("waiting for", StringComparison.Ordinal), Patience);
        return (cli, exit);
    }

    [Fact]
    public async Task Await_answered_by_a_valid_e_voucher_shows_the_code_with_the_masked_name_only_under_identity_basic()
    {
        // Withdraws identity.full (the second of the simulator's local scopes).
        await using var service = await SimulatedService.StartAsync("--Security:LocalScopes:1=");
        await RunAsync(service, "sim", "remove", "--reader", SimulatedService.Reader0);
        var (cli, exit) = await AwaitListeningAsync(service);

        await RunAsync(service, "sim", "present-code", "--scanner", SimulatedService.Scanner, "--kind", "evoucher", "--holder", Holder);

        Assert.Equal(0, await exit.WaitAsync(Patience));
        var rows = TableRows(cli.Out.Text);
        Assert.Equal("e-voucher", rows["kind"]);
        Assert.Equal(SimulatedService.Scanner, rows["scanner"]);
        Assert.False(string.IsNullOrEmpty(rows["credential id"]));
        Assert.Equal(64, rows["holder id"].Length);
        Assert.StartsWith("测", rows["name (masked)"], StringComparison.Ordinal);
        Assert.Contains("*", rows["name (masked)"], StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", rows["valid until"]);
        foreach (var absent in new[] { "name", "ssn", "sex", "birth date", "card number", "transit account (masked)", "per-trip limit", "session id" })
        {
            Assert.False(rows.ContainsKey(absent), $"row '{absent}' shown for a field the service did not send");
        }
        Assert.DoesNotContain("测试甲", cli.Out.Text, StringComparison.Ordinal);
        Assert.All(rows.Values, value => Assert.False(string.IsNullOrWhiteSpace(value)));
    }

    [Fact]
    public async Task Await_answered_by_an_e_ssc_code_under_identity_full_shows_name_ssn_sex_birth_date_and_card_number()
    {
        await using var service = await SimulatedService.StartAsync();
        var (cli, exit) = await AwaitListeningAsync(service, "--codes-only");

        await RunAsync(service, "sim", "present-code", "--scanner", SimulatedService.Scanner, "--kind", "essc", "--holder", Holder);

        Assert.Equal(0, await exit.WaitAsync(Patience));
        var rows = TableRows(cli.Out.Text);
        Assert.Equal("e-SSC", rows["kind"]);
        Assert.Equal("测试甲", rows["name"]);
        Assert.Equal("990001199001010013", rows["ssn"]);
        Assert.Equal("Male", rows["sex"]);
        Assert.Equal("1990-01-01", rows["birth date"]);
        Assert.Equal("SIM000001", rows["card number"]);
        Assert.NotEqual("SIM000001", rows["card number (masked)"]);
    }

    [Fact]
    public async Task Await_json_prints_the_code_credential_message()
    {
        await using var service = await SimulatedService.StartAsync();
        var (cli, exit) = await AwaitListeningAsync(service, "--codes-only", "--json");

        await RunAsync(service, "sim", "present-code", "--scanner", SimulatedService.Scanner, "--kind", "evoucher", "--holder", Holder);

        Assert.Equal(0, await exit.WaitAsync(Patience));
        using var json = JsonDocument.Parse(cli.Out.Text);
        var code = json.RootElement.GetProperty("code");
        Assert.Equal("QR_CODE_KIND_E_VOUCHER", code.GetProperty("kind").GetString());
        Assert.Equal("测试甲", code.GetProperty("holder").GetProperty("name").GetString());
        Assert.False(json.RootElement.TryGetProperty("card", out _));
    }

    [Fact]
    public async Task An_expired_code_ends_the_await_with_QR_EXPIRED_and_exit_1()
    {
        await using var service = await SimulatedService.StartAsync();
        var (cli, exit) = await AwaitListeningAsync(service, "--codes-only");

        await RunAsync(service, "sim", "present-code", "--scanner", SimulatedService.Scanner, "--kind", "evoucher", "--holder", Holder, "--code", "expired");

        Assert.Equal(ExitCodes.CallFailed, await exit.WaitAsync(Patience));
        Assert.Contains("error: QR_EXPIRED (FailedPrecondition): ", cli.Error.Text, StringComparison.Ordinal);
        Assert.Equal("", cli.Out.Text);
    }

    [Fact]
    public async Task Codes_only_ignores_the_card_present_and_a_card_inserted_while_waiting()
    {
        await using var service = await SimulatedService.StartAsync();
        using var stopWatch = new CancellationTokenSource();
        var watch = new CliRun();
        var watching = watch.InvokeAsync(["watch", "--endpoint", service.Address], stopWatch.Token);
        var (cli, exit) = await AwaitListeningAsync(service, "--codes-only");

        await RunAsync(service, "sim", "insert", "--reader", SimulatedService.Reader1, "--profile", Holder);
        await watch.Out.WaitUntilAsync(text => text.Contains($"session ready: {SimulatedService.Reader1}", StringComparison.Ordinal), Patience);
        await RunAsync(service, "sim", "present-code", "--scanner", SimulatedService.Scanner, "--kind", "evoucher", "--holder", Holder);

        Assert.Equal(0, await exit.WaitAsync(Patience));
        var rows = TableRows(cli.Out.Text);
        Assert.Equal("e-voucher", rows["kind"]);
        Assert.False(rows.ContainsKey("session id"), "a card answered a --codes-only wait");
        await stopWatch.CancelAsync();
        Assert.Equal(0, await watching.WaitAsync(Patience));
    }

    [Fact]
    public async Task Readers_lists_the_simulated_scanner_as_connected_and_the_PSAM_as_answering_in_the_table_and_in_json()
    {
        await using var service = await SimulatedService.StartAsync();
        var table = new CliRun();
        var json = new CliRun();

        Assert.Equal(0, await table.InvokeAsync("readers", "--endpoint", service.Address));
        Assert.Equal(0, await json.InvokeAsync("readers", "--json", "--endpoint", service.Address));

        Assert.Contains(table.Out.Text.Split('\n'), line => line.Contains(SimulatedService.Scanner, StringComparison.Ordinal) && line.Contains("yes", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(json.Out.Text);
        var scanner = Assert.Single(document.RootElement.GetProperty("scanners").EnumerateArray());
        Assert.Equal(SimulatedService.Scanner, scanner.GetProperty("name").GetString());
        Assert.True(scanner.GetProperty("connected").GetBoolean());
        Assert.Contains(table.Out.Text.Split('\n'), line => line.Contains("Simulated PSAM", StringComparison.Ordinal) && line.Contains("yes", StringComparison.Ordinal));
        var psam = document.RootElement.GetProperty("psam");
        Assert.Equal("Simulated PSAM", psam.GetProperty("reader").GetString());
        Assert.True(psam.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task Watch_shows_the_scanner_connected_then_an_accepted_and_a_refused_scan()
    {
        await using var service = await SimulatedService.StartAsync();
        using var stop = new CancellationTokenSource();
        var watch = new CliRun();
        var watching = watch.InvokeAsync(["watch", "--endpoint", service.Address], stop.Token);
        await watch.Out.WaitUntilAsync(text => text.Contains($"scanner connected: {SimulatedService.Scanner}", StringComparison.Ordinal), Patience);

        await RunAsync(service, "sim", "present-code", "--scanner", SimulatedService.Scanner, "--kind", "transit", "--holder", Holder);
        await RunAsync(service, "sim", "present-code", "--scanner", SimulatedService.Scanner, "--code", "garbage");

        // Each scan's event comes when its verification ends, so the two may come in either order.
        await watch.Out.WaitUntilAsync(text => text.Contains("QR refused:", StringComparison.Ordinal) && text.Contains("QR scanned:", StringComparison.Ordinal), Patience);
        await stop.CancelAsync();
        Assert.Equal(0, await watching.WaitAsync(Patience));
        Assert.True(
            System.Text.RegularExpressions.Regex.IsMatch(watch.Out.Text, $"QR scanned: {SimulatedService.Scanner} transit credential \\S+"),
            watch.Out.Text);
        Assert.Contains($"QR refused: {SimulatedService.Scanner} unrecognised QR_MALFORMED", watch.Out.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Present_code_says_what_was_shown_and_how_long_it_was()
    {
        await using var service = await SimulatedService.StartAsync();
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("sim", "present-code", "--scanner", SimulatedService.Scanner, "--kind", "transit", "--holder", Holder, "--endpoint", service.Address);

        Assert.Equal(0, exit);
        Assert.Matches($"^showed a transit code \\([1-9][0-9]* chars\\) to {SimulatedService.Scanner}$", cli.Out.Text.TrimEnd());
    }

    [Fact]
    public async Task Present_code_to_an_unknown_scanner_is_a_call_failure_naming_the_reason()
    {
        await using var service = await SimulatedService.StartAsync();
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("sim", "present-code", "--scanner", "No Such Scanner", "--kind", "transit", "--holder", Holder, "--endpoint", service.Address);

        Assert.Equal(ExitCodes.CallFailed, exit);
        Assert.StartsWith("error: READER_UNAVAILABLE (NotFound)", cli.Error.Text, StringComparison.Ordinal);
    }
}
