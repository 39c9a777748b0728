using System.CommandLine;
using CardBridge.HardwareSim.Qr.Scanner;
using CardBridge.Qr.Sources;
using CardBridge.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Qr.Tests.Sources;

[Trait("Category", "Integration")]
public sealed class SerialQrSourceTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(ScannerSuffix.Cr, QrLineSuffix.CarriageReturn)]
    [InlineData(ScannerSuffix.Lf, QrLineSuffix.LineFeed)]
    [InlineData(ScannerSuffix.CrLf, QrLineSuffix.CarriageReturnLineFeed)]
    public async Task Reads_codes_ended_by_the_configured_suffix(ScannerSuffix sent, QrLineSuffix expected)
    {
        await using var ptys = await SocatPtyPair.StartAsync(_directory.Path, CancellationToken.None);
        await using var source = Serial(ptys.HostSidePts, new QrFramingOptions { Suffix = expected });
        var probe = new SourceProbe(source);
        await source.StartAsync(CancellationToken.None);
        await probe.ConnectivityAsync(QrSourceConnectivity.Connected);

        await SerialScanner.PlayAsync(ptys.ScannerSidePts, Script("SIMQR-0001") with { Suffix = sent, Repeat = 2, Interval = TimeSpan.Zero }, CancellationToken.None);

        var first = await probe.NextScanAsync();
        var second = await probe.NextScanAsync();
        Assert.Equal(("counter-1", "SIMQR-0001"), (first.Scanner, first.Text));
        Assert.Equal("SIMQR-0001", second.Text);
    }

    [Fact]
    public async Task Reads_what_the_sim_qr_command_writes_to_the_pty()
    {
        await using var ptys = await SocatPtyPair.StartAsync(_directory.Path, CancellationToken.None);
        await using var source = Serial(ptys.HostLink, new QrFramingOptions { Suffix = QrLineSuffix.LineFeed, Prefix = "]Q1" });
        var probe = new SourceProbe(source);
        await source.StartAsync(CancellationToken.None);
        await probe.ConnectivityAsync(QrSourceConnectivity.Connected);

        var exit = await new RootCommand { QrScannerCommand.Create() }
            .Parse(["qr", "--serial", ptys.ScannerSidePts, "--text", "SIMQR-CLI", "--suffix", "lf", "--prefix", "]Q1", "--repeat", "2", "--interval", "10"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null }, CancellationToken.None)
            .WaitAsync(SourceProbe.Timeout);

        Assert.Equal(0, exit);
        Assert.Equal("SIMQR-CLI", (await probe.NextScanAsync()).Text);
        Assert.Equal("SIMQR-CLI", (await probe.NextScanAsync()).Text);
    }

    [Fact]
    public async Task Suffixless_codes_end_when_the_scanner_falls_silent()
    {
        await using var ptys = await SocatPtyPair.StartAsync(_directory.Path, CancellationToken.None);
        await using var source = Serial(ptys.HostLink, new QrFramingOptions { Suffix = QrLineSuffix.None, IdleTimeout = TimeSpan.FromMilliseconds(100) });
        var probe = new SourceProbe(source);
        await source.StartAsync(CancellationToken.None);
        await probe.ConnectivityAsync(QrSourceConnectivity.Connected);

        await SerialScanner.PlayAsync(ptys.ScannerLink, Script("SIMQR-IDLE") with { Suffix = ScannerSuffix.None, Repeat = 2, Interval = TimeSpan.FromMilliseconds(500) }, CancellationToken.None);

        Assert.Equal("SIMQR-IDLE", (await probe.NextScanAsync()).Text);
        Assert.Equal("SIMQR-IDLE", (await probe.NextScanAsync()).Text);
    }

    [Fact]
    public async Task Strips_the_configured_prefix()
    {
        await using var ptys = await SocatPtyPair.StartAsync(_directory.Path, CancellationToken.None);
        await using var source = Serial(ptys.HostLink, new QrFramingOptions { Prefix = "]Q1" });
        var probe = new SourceProbe(source);
        await source.StartAsync(CancellationToken.None);
        await probe.ConnectivityAsync(QrSourceConnectivity.Connected);

        await SerialScanner.PlayAsync(ptys.ScannerLink, Script("SIMQR-PFX") with { Prefix = "]Q1" }, CancellationToken.None);

        Assert.Equal("SIMQR-PFX", (await probe.NextScanAsync()).Text);
    }

    [Fact]
    public async Task Drops_and_reports_a_line_longer_than_the_maximum_then_reads_on()
    {
        await using var ptys = await SocatPtyPair.StartAsync(_directory.Path, CancellationToken.None);
        await using var source = Serial(ptys.HostLink, new QrFramingOptions { MaxLineLength = 32 });
        var probe = new SourceProbe(source);
        await source.StartAsync(CancellationToken.None);
        await probe.ConnectivityAsync(QrSourceConnectivity.Connected);

        await SerialScanner.PlayAsync(ptys.ScannerLink, Script(new string('X', 5000)), CancellationToken.None);
        await SerialScanner.PlayAsync(ptys.ScannerLink, Script("SIMQR-SHORT"), CancellationToken.None);

        var rejection = await probe.NextRejectionAsync();
        Assert.Equal((QrLineRejection.TooLong, 5000L, "counter-1"), (rejection.Reason, rejection.Length, rejection.Scanner));
        Assert.Equal("SIMQR-SHORT", (await probe.NextScanAsync()).Text);
    }

    [Fact]
    public async Task A_duplicate_burst_is_one_scan_behind_the_debouncer()
    {
        await using var ptys = await SocatPtyPair.StartAsync(_directory.Path, CancellationToken.None);
        await using var source = new DebouncingQrSource(
            Serial(ptys.HostLink, new QrFramingOptions()),
            new QrDebounceOptions { Window = TimeSpan.FromSeconds(5) },
            NullLogger<DebouncingQrSource>.Instance);
        var probe = new SourceProbe(source);
        await source.StartAsync(CancellationToken.None);
        await probe.ConnectivityAsync(QrSourceConnectivity.Connected);

        await SerialScanner.PlayAsync(ptys.ScannerLink, Script("SIMQR-DUP") with { Burst = 4, Repeat = 2, Interval = TimeSpan.Zero }, CancellationToken.None);
        await SerialScanner.PlayAsync(ptys.ScannerLink, Script("SIMQR-NEXT"), CancellationToken.None);

        Assert.Equal("SIMQR-DUP", (await probe.NextScanAsync()).Text);
        Assert.Equal("SIMQR-NEXT", (await probe.NextScanAsync()).Text);
        await probe.AssertNoMoreScansAsync();
    }

    [Fact]
    public async Task Reopens_the_port_when_the_device_disappears_and_comes_back()
    {
        var first = await SocatPtyPair.StartAsync(_directory.Path, CancellationToken.None);
        await using var source = Serial(first.HostLink, new QrFramingOptions());
        var probe = new SourceProbe(source);
        await source.StartAsync(CancellationToken.None);
        await probe.ConnectivityAsync(QrSourceConnectivity.Connected);
        await SerialScanner.PlayAsync(first.ScannerLink, Script("SIMQR-BEFORE"), CancellationToken.None);
        Assert.Equal("SIMQR-BEFORE", (await probe.NextScanAsync()).Text);

        await first.DisposeAsync();
        await probe.ConnectivityAsync(QrSourceConnectivity.Disconnected);
        await using var second = await SocatPtyPair.StartAsync(_directory.Path, CancellationToken.None);
        await probe.ConnectivityAsync(QrSourceConnectivity.Connected);
        await SerialScanner.PlayAsync(second.ScannerLink, Script("SIMQR-AFTER"), CancellationToken.None);

        Assert.Equal("SIMQR-AFTER", (await probe.NextScanAsync()).Text);
    }

    [Fact]
    public async Task Opens_a_port_that_appears_after_the_start()
    {
        await using var source = Serial(Path.Combine(_directory.Path, "host"), new QrFramingOptions());
        var probe = new SourceProbe(source);
        await source.StartAsync(CancellationToken.None);
        Assert.Equal(QrSourceConnectivity.Disconnected, source.Connectivity);

        await using var ptys = await SocatPtyPair.StartAsync(_directory.Path, CancellationToken.None);
        await probe.ConnectivityAsync(QrSourceConnectivity.Connected);
        await SerialScanner.PlayAsync(ptys.ScannerLink, Script("SIMQR-LATE"), CancellationToken.None);

        Assert.Equal("SIMQR-LATE", (await probe.NextScanAsync()).Text);
    }

    [Fact]
    public async Task Stop_ends_a_long_backoff_wait_and_completes_the_scans()
    {
        await using var source = new SerialQrSource(
            new SerialQrSourceOptions
            {
                Name = "counter-1",
                PortPath = Path.Combine(_directory.Path, "absent"),
                Reconnect = new QrReconnectOptions { InitialDelay = TimeSpan.FromMinutes(10), MaxDelay = TimeSpan.FromMinutes(10) },
            },
            TimeProvider.System,
            NullLogger<SerialQrSource>.Instance);
        await source.StartAsync(CancellationToken.None);

        await source.StopAsync(CancellationToken.None).WaitAsync(SourceProbe.Timeout);

        Assert.True(source.Scans.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Stop_while_connected_reports_the_disconnection()
    {
        await using var ptys = await SocatPtyPair.StartAsync(_directory.Path, CancellationToken.None);
        await using var source = Serial(ptys.HostLink, new QrFramingOptions());
        var probe = new SourceProbe(source);
        await source.StartAsync(CancellationToken.None);
        await probe.ConnectivityAsync(QrSourceConnectivity.Connected);

        await source.StopAsync(CancellationToken.None).WaitAsync(SourceProbe.Timeout);

        await probe.ConnectivityAsync(QrSourceConnectivity.Disconnected);
        Assert.Equal(QrSourceConnectivity.Disconnected, source.Connectivity);
    }

    private static SerialQrSource Serial(string path, QrFramingOptions framing) => new(
        new SerialQrSourceOptions
        {
            Name = "counter-1",
            PortPath = path,
            BaudRate = 115200,
            Framing = framing,
            Reconnect = new QrReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) },
        },
        TimeProvider.System,
        NullLogger<SerialQrSource>.Instance);

    private static ScannerScript Script(string text) => new() { Text = text, Interval = TimeSpan.FromMilliseconds(10) };
}
