using System.CommandLine;
using CardBridge.HardwareSim.Qr.Scanner;

namespace CardBridge.Qr.Tests.Sources;

public sealed class QrScannerCommandTests
{
    [Theory]
    [InlineData("--text", "SIMQR")]
    [InlineData("--serial", "/dev/null", "--tcp-listen", "0", "--text", "SIMQR")]
    [InlineData("--serial", "/dev/null", "--text", "SIMQR", "--disconnect-after", "1")]
    [InlineData("--tcp-listen", "0", "--text", "SIMQR", "--repeat", "0")]
    [InlineData("--tcp-listen", "0", "--text", "SIMQR", "--suffix", "tab")]
    public async Task Refuses_a_command_line_that_names_no_single_target_or_a_bad_value(params string[] args)
    {
        var error = new StringWriter();

        var exit = await new RootCommand { QrScannerCommand.Create() }
            .Parse(["qr", .. args])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = error }, CancellationToken.None);

        Assert.NotEqual(0, exit);
        Assert.NotEmpty(error.ToString());
    }

    [Fact]
    public async Task A_missing_tty_is_reported_with_exit_code_1()
    {
        var error = new StringWriter();

        var exit = await new RootCommand { QrScannerCommand.Create() }
            .Parse(["qr", "--serial", "/nonexistent/cardbridge-pty", "--text", "SIMQR"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = error }, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.StartsWith("qr: ", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ScannerSuffix.Cr, "SIM\r")]
    [InlineData(ScannerSuffix.Lf, "SIM\n")]
    [InlineData(ScannerSuffix.CrLf, "SIM\r\n")]
    [InlineData(ScannerSuffix.None, "SIM")]
    public void Frames_a_code_with_its_prefix_and_suffix_and_repeats_it_in_a_burst(ScannerSuffix suffix, string frame)
    {
        var script = new ScannerScript { Text = "M", Prefix = "SI", Suffix = suffix, Burst = 3 };

        Assert.Equal(frame, System.Text.Encoding.UTF8.GetString(script.Frame()));
        Assert.Equal(frame + frame + frame, System.Text.Encoding.UTF8.GetString(script.BurstFrames()));
    }
}
