using CardBridge.Qr.Sources;
using CardBridge.Qr.Transit;
using CardBridge.Service.Configuration;
using CardBridge.Simulation.Qr.Scanner;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Tests.Qr;

public sealed class QrOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(QrOptions options, params string[] simulatedScanners) =>
        new QrOptionsValidator([.. simulatedScanners.Select(name => new SimulatedScanner(name, TimeProvider.System, NullLogger<KeyboardWedgeQrSource>.Instance).Source)])
            .Validate(null, options);

    private static QrOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create("Qr:" + s.Key, (string?)s.Value)))
            .Build();
        return configuration.GetSection(QrOptions.Section).Get<QrOptions>() ?? new QrOptions();
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.True(Validate(new QrOptions()).Succeeded);

    [Fact]
    public void A_serial_scanner_fault_names_its_index_and_key()
    {
        var result = Validate(Bind(("Serial:0:Name", "counter"), ("Serial:0:PortPath", "/dev/ttyACM0"), ("Serial:0:BaudRate", "7")));

        Assert.Contains(result.Failures!, f => f.StartsWith("Qr:Serial:0:BaudRate:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_nested_framing_fault_names_the_nested_key()
    {
        var result = Validate(Bind(("Tcp:0:Name", "gate"), ("Tcp:0:Host", "127.0.0.1"), ("Tcp:0:Port", "9100"), ("Tcp:0:Framing:MaxLineLength", "0")));

        Assert.Contains(result.Failures!, f => f.StartsWith("Qr:Tcp:0:Framing:MaxLineLength:", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_scanners_of_one_name_are_refused_also_against_simulated_ones()
    {
        var result = Validate(Bind(("KeyboardWedge:0:Name", "Simulated Scanner"), ("KeyboardWedge:0:DevicePath", "/dev/null")), "Simulated Scanner");

        Assert.Contains(result.Failures!, f => f.StartsWith("Qr:KeyboardWedge:0:Name:", StringComparison.Ordinal));
    }

    [Fact]
    public void Transit_root_keys_bind_by_index_and_a_key_that_is_no_SM2_point_is_named()
    {
        var bound = Bind(("Transit:RootPublicKeys:3", "05" + new string('1', 64)));

        Assert.Equal(new byte[] { 3 }, bound.Transit!.RootPublicKeys.Keys.ToArray());
        var result = Validate(bound);
        Assert.Contains(result.Failures!, f => f.StartsWith("Qr:Transit:RootPublicKeys:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_valid_transit_root_passes()
    {
        var key = Convert.ToHexString(CardBridge.Simulation.Qr.Transit.SimTransitQrKeys.Default.Root.CompressedPublicKey.Span);

        Assert.True(Validate(Bind(("Transit:RootPublicKeys:1", key))).Succeeded);
    }

    [Fact]
    public void A_platform_endpoint_that_is_not_http_is_named()
    {
        var result = Validate(Bind(("Platform:EVoucherUri", "ftp://127.0.0.1/ec")));

        Assert.Contains(result.Failures!, f => f.StartsWith("Qr:Platform:EVoucherUri:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("CredentialLifetime", "00:00:01")]
    [InlineData("PresentedFor", "01:00:00")]
    [InlineData("MaxCredentials", "0")]
    [InlineData("MaxConcurrentVerifications", "100")]
    [InlineData("Replay:MaxEntries", "0")]
    [InlineData("Debounce:Window", "01:00:00")]
    public void An_out_of_range_setting_is_named(string key, string value)
    {
        var result = Validate(Bind((key, value)));

        Assert.Contains(result.Failures!, f => f.StartsWith($"Qr:{key}:", StringComparison.Ordinal));
    }

    [Fact]
    public void Framing_defaults_survive_binding_a_scanner_without_them()
    {
        var bound = Bind(("Serial:0:Name", "counter"), ("Serial:0:PortPath", "/dev/ttyACM0"));

        Assert.Equal(QrLineSuffix.CarriageReturn, bound.Serial[0].Framing.Suffix);
        Assert.Equal(TimeSpan.FromSeconds(30), new TransitQrOptions().ClockSkewTolerance);
    }
}
