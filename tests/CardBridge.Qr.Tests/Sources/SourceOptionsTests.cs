using System.ComponentModel.DataAnnotations;
using System.IO.Ports;
using CardBridge.Qr.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Qr.Tests.Sources;

public sealed class SourceOptionsTests
{
    [Fact]
    public void A_scan_prints_its_length_but_never_its_text()
    {
        var scan = new QrScan("counter-1", "SIMQR-SECRET-PAYLOAD", DateTimeOffset.UnixEpoch);

        var shown = scan.ToString();

        Assert.DoesNotContain("SECRET", shown, StringComparison.Ordinal);
        Assert.Contains("Length = 20", shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "/dev/ttyACM0", StopBits.One, 100)]
    [InlineData("counter-1", "", StopBits.One, 100)]
    [InlineData("counter-1", "/dev/ttyACM0", StopBits.None, 100)]
    [InlineData("counter-1", "/dev/ttyACM0", StopBits.One, 0)]
    public void Invalid_serial_options_are_refused(string name, string path, StopBits stopBits, int maxLineLength)
    {
        var options = new SerialQrSourceOptions
        {
            Name = name,
            PortPath = path,
            StopBits = stopBits,
            Framing = new QrFramingOptions { MaxLineLength = maxLineLength },
        };

        Assert.Throws<ValidationException>(() => new SerialQrSource(options, TimeProvider.System, NullLogger<SerialQrSource>.Instance));
    }

    [Fact]
    public void A_backoff_cap_below_its_first_delay_is_refused()
    {
        var options = new TcpQrSourceOptions
        {
            Name = "lane-2",
            Host = "127.0.0.1",
            Port = 9100,
            Reconnect = new QrReconnectOptions { InitialDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(1) },
        };

        Assert.Throws<ValidationException>(() => new TcpQrSource(options, TimeProvider.System, NullLogger<TcpQrSource>.Instance));
    }

    [Fact]
    public async Task A_source_starts_once()
    {
        await using var source = new KeyboardWedgeQrSource("wedge-1", new StringReader(""), new QrFramingOptions(), TimeProvider.System, NullLogger<KeyboardWedgeQrSource>.Instance);
        await source.StartAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => source.StartAsync(CancellationToken.None));
    }
}
