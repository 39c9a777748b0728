using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using CardBridge.HardwareSim.Qr.Scanner;
using CardBridge.Qr.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Qr.Tests.Sources;

[Trait("Category", "Integration")]
public sealed class TcpQrSourceTests
{
    [Fact]
    public async Task Reads_codes_from_the_scanner_port()
    {
        using var scanner = TcpScanner.Listen(0);
        await using var source = Tcp(scanner.Port);
        var probe = new SourceProbe(source);
        var play = scanner.PlayAsync(new ScannerScript { Text = "SIMQR-TCP1", Suffix = ScannerSuffix.Lf, Repeat = 2, Interval = TimeSpan.Zero }, CancellationToken.None);

        await source.StartAsync(CancellationToken.None);

        var first = await probe.NextScanAsync();
        Assert.Equal(("lane-2", "SIMQR-TCP1"), (first.Scanner, first.Text));
        Assert.Equal("SIMQR-TCP1", (await probe.NextScanAsync()).Text);
        await play.WaitAsync(SourceProbe.Timeout);
    }

    [Fact]
    public async Task Reconnects_after_the_scanner_drops_the_connection_and_listens_again()
    {
        using var scanner = TcpScanner.Listen(0);
        await using var source = Tcp(scanner.Port);
        var probe = new SourceProbe(source);
        var play = scanner.PlayAsync(
            new ScannerScript
            {
                Text = "SIMQR-TCP2",
                Suffix = ScannerSuffix.Lf,
                Repeat = 2,
                Interval = TimeSpan.FromMilliseconds(50),
                DisconnectAfter = 1,
                ReconnectDelay = TimeSpan.FromMilliseconds(300),
            },
            CancellationToken.None);

        await source.StartAsync(CancellationToken.None);

        Assert.Equal("SIMQR-TCP2", (await probe.NextScanAsync()).Text);
        await probe.ConnectivityAsync(QrSourceConnectivity.Disconnected);
        await probe.ConnectivityAsync(QrSourceConnectivity.Connected);
        Assert.Equal("SIMQR-TCP2", (await probe.NextScanAsync()).Text);
        await play.WaitAsync(SourceProbe.Timeout);
    }

    [Fact]
    public async Task Waits_for_the_sim_command_to_listen_and_merges_its_duplicate_burst()
    {
        var port = FreePort();
        await using var source = new DebouncingQrSource(Tcp(port, QrLineSuffix.CarriageReturnLineFeed), new QrDebounceOptions(), NullLogger<DebouncingQrSource>.Instance);
        var probe = new SourceProbe(source);
        await source.StartAsync(CancellationToken.None);
        var root = new RootCommand { QrScannerCommand.Create() };

        var exit = await root.Parse(["qr", "--tcp-listen", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--text", "SIMQR-CMD", "--suffix", "crlf", "--burst", "5", "--interval", "0"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null }, CancellationToken.None)
            .WaitAsync(SourceProbe.Timeout);

        Assert.Equal(0, exit);
        Assert.Equal("SIMQR-CMD", (await probe.NextScanAsync()).Text);
        await probe.AssertNoMoreScansAsync();
    }

    [Fact]
    public async Task Start_with_a_cancelled_token_does_not_start()
    {
        await using var source = Tcp(FreePort());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.StartAsync(new CancellationToken(canceled: true)));
        await source.StopAsync(CancellationToken.None);

        Assert.True(source.Scans.Completion.IsCompleted);
    }

    [Fact]
    public async Task Stopping_twice_is_harmless()
    {
        await using var source = Tcp(FreePort());
        await source.StartAsync(CancellationToken.None);

        await source.StopAsync(CancellationToken.None).WaitAsync(SourceProbe.Timeout);
        await source.StopAsync(CancellationToken.None).WaitAsync(SourceProbe.Timeout);

        await source.Scans.Completion.WaitAsync(SourceProbe.Timeout);
    }

    private static TcpQrSource Tcp(int port, QrLineSuffix suffix = QrLineSuffix.LineFeed) => new(
        new TcpQrSourceOptions
        {
            Name = "lane-2",
            Host = "127.0.0.1",
            Port = port,
            Framing = new QrFramingOptions { Suffix = suffix },
            Reconnect = new QrReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100) },
        },
        TimeProvider.System,
        NullLogger<TcpQrSource>.Instance);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
