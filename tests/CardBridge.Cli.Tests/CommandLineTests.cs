using CardBridge.Cli.Client;
using CardBridge.Cli.Tests.Fakes;

namespace CardBridge.Cli.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("45", 45_000)]
    public void Durations_parse_as_operators_type_them(string text, int milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(120, "120ms")]
    [InlineData(1_500, "1s500ms")]
    [InlineData(90_000, "1m30s")]
    [InlineData(7_503_000, "2h5m3s")]
    [InlineData(183_600_000, "51h")]
    public void Durations_print_the_way_they_parse_back(int milliseconds, string text)
    {
        Assert.Equal(text, DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)));
        Assert.True(DurationText.TryParse(text, out var parsed));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("30x")]
    [InlineData("3 s")]
    [InlineData("-5")]
    [InlineData("1m-3s")]
    public void Malformed_durations_are_refused(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Fact]
    public async Task A_malformed_timeout_is_a_usage_error_exit_2()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("readers", "--timeout", "soon");

        Assert.Equal(2, exit);
        Assert.Contains("'soon' is not a duration", cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error_exit_2()
    {
        var cli = new CliRun();

        Assert.Equal(2, await cli.InvokeAsync("readers", "--no-such-option"));
    }

    [Fact]
    public async Task The_pin_is_not_an_option_of_verify_pin()
    {
        var cli = new CliRun(stdin: "");

        Assert.Equal(2, await cli.InvokeAsync("verify-pin", "--pin", "123456"));
    }

    [Fact]
    public async Task Help_documents_the_exit_codes()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("read", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Exit codes:", cli.Out.Text, StringComparison.Ordinal);
        Assert.Contains("3  cannot connect", cli.Out.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_cert_without_key_is_a_usage_error()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("readers", "--endpoint", "https://127.0.0.1:1", "--client-cert", "client.pem");

        Assert.Equal(2, exit);
        Assert.Contains("--client-cert and --client-key go together", cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_ca_file_is_a_usage_error()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("readers", "--endpoint", "https://127.0.0.1:1", "--ca-cert", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".pem"));

        Assert.Equal(2, exit);
        Assert.StartsWith("error:", cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_that_is_not_http_is_a_usage_error()
    {
        var cli = new CliRun();

        Assert.Equal(2, await cli.InvokeAsync("readers", "--endpoint", "ftp://127.0.0.1:21"));
    }
}
