using System.Text.RegularExpressions;
using CardBridge.Service.Tests.Api;
using CardBridge.Service.Tests.Standard;
using CardBridge.Tests.Shared;

namespace CardBridge.Service.Tests.Legacy;

/// <summary>The shipped cardbridge-legacy.ini: every key it documents is one the library reads, and as shipped it works.</summary>
public sealed partial class LegacyIniTests
{
    private static readonly string Shipped = RepositoryRoot.Combine("src", "CardBridge.Legacy", "cardbridge-legacy.ini");

    [Fact]
    public void Every_key_of_the_shipped_ini_is_read_by_the_library_and_every_key_read_is_shipped()
    {
        var shipped = IniKey().Matches(File.ReadAllText(Shipped)).Select(m => m.Groups["key"].Value).Order(StringComparer.Ordinal);
        var read = ReadKey().Matches(File.ReadAllText(RepositoryRoot.Combine("src", "CardBridge.Legacy", "src", "config.c")))
            .Select(m => m.Groups["key"].Value).Order(StringComparer.Ordinal);

        Assert.Equal(read, shipped);
    }

    [Fact]
    public async Task The_shipped_ini_with_the_listeners_port_reads_the_card_in_the_only_reader_holding_one()
    {
        await using var rig = await ServiceRig.StartAsync(("Listeners:Web:Port", "0"), ("StandardInterface:DeviceNumber", StandardInterfaceOverGrpcTests.Device));
        await rig.InitialSessionAsync();
        var ini = File.ReadAllText(Shipped).Replace("endpoint = 127.0.0.1:50052", $"endpoint = 127.0.0.1:{rig.WebAddress.Port}", StringComparison.Ordinal);
        await using var legacy = LegacyDriver.Start(LegacyProgram.C, rig.Directory, ini);

        var read = await legacy.CallAsync("iReadCardBas", "3");

        Assert.Equal((0L, StandardInterfaceOverGrpcTests.ThirdGenLine()), (read.Code, read.Text));
    }

    [Fact]
    public async Task An_iType_without_readers_of_its_kind_finds_no_card_even_when_another_reader_holds_one()
    {
        await using var rig = await ServiceRig.StartAsync(("Listeners:Web:Port", "0"));
        await rig.InitialSessionAsync();
        await using var legacy = LegacyDriver.Start(LegacyProgram.C, rig.Directory,
            $"[service]\nendpoint = 127.0.0.1:{rig.WebAddress.Port}\n[readers]\ncontact = {ServiceRig.Reader0}\n[pin]\nentry = caller\n");

        var contactless = await legacy.CallAsync("iReadCardBas", "2");
        var pin = await legacy.CallAsync("iVerifyPIN", "2", RigCards.Pin);
        var either = await legacy.CallAsync("iReadCardBas", "4");

        Assert.Equal((-2L, "无卡"), (contactless.Code, contactless.Text));
        Assert.Equal((-2L, "无卡"), (pin.Code, pin.Text));
        Assert.Equal((0L, StandardInterfaceOverGrpcTests.ThirdGenLine("999900000001").Replace(StandardInterfaceOverGrpcTests.Device, "", StringComparison.Ordinal)), (either.Code, either.Text));
        Assert.Contains("iReadCardBas -2 [readers] names no reader for iType 2", legacy.Log, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(?<key>[a-z_]+) =", RegexOptions.Multiline)]
    private static partial Regex IniKey();

    [GeneratedRegex(@"strcmp\(key, ""(?<key>[a-z_]+)""\)")]
    private static partial Regex ReadKey();
}
