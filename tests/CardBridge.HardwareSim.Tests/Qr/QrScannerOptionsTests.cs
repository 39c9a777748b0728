using System.CommandLine;
using CardBridge.HardwareSim.Qr.Scanner;

namespace CardBridge.HardwareSim.Tests.Qr;

public sealed class QrScannerOptionsTests
{
    [Theory]
    [InlineData("--serial", "/dev/null")]
    [InlineData("--serial", "/dev/null", "--text", "SIMQR", "--code", "transit")]
    [InlineData("--serial", "/dev/null", "--code", "bus")]
    [InlineData("--serial", "/dev/null", "--code", "transit", "--variant", "stale")]
    [InlineData("--serial", "/dev/null", "--code", "evoucher")]
    [InlineData("--serial", "/dev/null", "--code", "essc", "--platform", "http://example.com/")]
    [InlineData("--serial", "/dev/null", "--code", "essc", "--platform", "ftp://127.0.0.1/")]
    [InlineData("--serial", "/dev/null", "--code", "essc", "--platform", "not a url")]
    [InlineData("--serial", "/dev/null", "--code", "transit", "--platform", "http://127.0.0.1:1/")]
    [InlineData("--serial", "/dev/null", "--text", "SIMQR", "--variant", "expired")]
    [InlineData("--serial", "/dev/null", "--text", "SIMQR", "--holder", "third-gen")]
    [InlineData("--serial", "/dev/null", "--text", "SIMQR", "--replay-after", "100")]
    [InlineData("--serial", "/dev/null", "--code", "transit", "--repeat", "2")]
    [InlineData("--serial", "/dev/null", "--code", "transit", "--replay-after", "-1")]
    [InlineData("--serial", "/dev/null", "--code", "transit", "--stdin", "--variant", "expired")]
    [InlineData("--serial", "/dev/null", "--stdin", "--text", "SIMQR")]
    [InlineData("--serial", "/dev/null", "--stdin", "--text", "SIMQR", "--repeat", "2")]
    [InlineData("--tcp-listen", "0", "--code", "transit", "--disconnect-after", "1")]
    public async Task Refuses_a_command_line_without_exactly_one_of_text_and_code_or_with_options_that_do_not_fit(params string[] args)
    {
        var error = new StringWriter();

        var exit = await new RootCommand { QrScannerCommand.Create(TextReader.Null) }
            .Parse(["qr", .. args])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = error }, CancellationToken.None);

        Assert.NotEqual(0, exit);
        Assert.NotEmpty(error.ToString());
    }

    [Theory]
    [InlineData("--serial", "/dev/null", "--text", "SIMQR")]
    [InlineData("--serial", "/dev/null", "--code", "transit", "--holder", "third-gen", "--variant", "replayed", "--replay-after", "100")]
    [InlineData("--serial", "/dev/null", "--code", "transit", "--variant", "TAMPERED", "--seed", "SIM seed")]
    [InlineData("--tcp-listen", "0", "--code", "evoucher", "--platform", "http://127.0.0.1:8080")]
    [InlineData("--tcp-listen", "0", "--code", "essc", "--platform", "http://localhost:9/", "--stdin")]
    [InlineData("--serial", "/dev/null", "--stdin")]
    public void Accepts_text_or_a_code_type_with_holder_variant_and_platform(params string[] args)
    {
        var result = new RootCommand { QrScannerCommand.Create(TextReader.Null) }.Parse(["qr", .. args]);

        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8080/")]
    [InlineData("http://localhost:9/sim", "http://localhost:9/sim/")]
    [InlineData("http://[::1]:9/", "http://[::1]:9/")]
    public void Platform_url_is_taken_as_a_base_ending_in_a_slash(string given, string expected) =>
        Assert.Equal(new Uri(expected), QrScannerCommand.PlatformUri(given));

    [Theory]
    [InlineData("https://127.0.0.1/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://127.0.0.1/?x=1")]
    [InlineData("/relative")]
    public void Platform_url_off_loopback_or_not_plain_http_is_refused(string given) =>
        Assert.Null(QrScannerCommand.PlatformUri(given));

    [Fact]
    public async Task Unknown_transit_holder_is_reported_with_exit_code_2()
    {
        var error = new StringWriter();

        var exit = await new RootCommand { QrScannerCommand.Create(TextReader.Null) }
            .Parse(["qr", "--serial", "/dev/null", "--code", "transit", "--holder", "no-such-profile"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = error }, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.StartsWith("qr: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_platform_is_reported_with_exit_code_1()
    {
        var error = new StringWriter();

        var exit = await new RootCommand { QrScannerCommand.Create(TextReader.Null) }
            .Parse(["qr", "--serial", "/dev/null", "--code", "evoucher", "--platform", "http://127.0.0.1:1/"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = error }, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.StartsWith("qr: cannot issue a code of type evoucher", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ECV1.AAAA", "ECV1.BAAA")]
    [InlineData("ESSC1.xyz-_", "ESSC1.Ayz-_")]
    public void Tampering_changes_exactly_the_first_token_character(string code, string tampered) =>
        Assert.Equal(tampered, PlatformCodeIssuer.Tamper(code));

    [Theory]
    [InlineData("ECV1")]
    [InlineData("ECV1.")]
    public void Tampering_a_code_without_a_token_is_a_code_issue_error(string code) =>
        Assert.Throws<CodeIssueException>(() => PlatformCodeIssuer.Tamper(code));
}
