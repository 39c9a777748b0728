using System.Text.RegularExpressions;
using CardBridge.Service.Tests.Api;
using CardBridge.Service.Tests.Security;
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

    [Fact]
    public async Task The_api_key_of_the_ini_is_the_callers_identity_its_scopes_mask_or_refuse_and_a_wrong_key_is_a_reader_error()
    {
        var basic = new ApiKeyClient("his", "identity.basic");
        await using var rig = await ServiceRig.StartAsync(
            [("Listeners:Web:Port", "0"), ("StandardInterface:DeviceNumber", StandardInterfaceOverGrpcTests.Device), .. ApiKeyClient.SettingsOf(basic)]);
        await rig.InitialSessionAsync();
        await using var legacy = LegacyDriver.Start(LegacyProgram.C, rig.Directory, LegacyDriver.Ini(rig.WebAddress, $"[service]\napi_key = {basic.Key}\n"));
        await using var stranger = LegacyDriver.Start(LegacyProgram.C, rig.Directory, LegacyDriver.Ini(rig.WebAddress, "[service]\napi_key = not-a-key\n"));

        var masked = await legacy.CallAsync("iReadCardBas", "3");
        var denied = await legacy.CallAsync("iReadCard", "3", "1", "", "DF04EF05|81|$");
        var refused = await stranger.CallAsync("iReadCardBas", "3");

        Assert.Equal(
            (0L, $"990001|9900**********0013|SI*****01|99****************************E2|测**|{StandardInterfaceOverGrpcTests.AtrHistorical}|3.00|20240301|20340301|999900000001|{StandardInterfaceOverGrpcTests.Device}|"),
            (masked.Code, masked.Text));
        Assert.Equal((-11L, "读卡器连接错"), (denied.Code, denied.Text));
        Assert.Contains("iReadCard -11 /v1/standard:readCard answered HTTP 403 SCOPE_DENIED", legacy.Log, StringComparison.Ordinal);
        Assert.Equal(-11L, refused.Code);
        Assert.Contains("iReadCardBas -11 /v1/standard:readCardBas answered HTTP 401 UNAUTHENTICATED", stranger.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(basic.Key, legacy.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_over_the_limit_is_a_parameter_error_nothing_cut_and_the_environment_overrides_the_endpoint()
    {
        await using var rig = await ServiceRig.StartAsync(("Listeners:Web:Port", "0"));
        await rig.InitialSessionAsync();
        var nowhere = new Uri($"http://127.0.0.1:{LegacyDriver.FreeLoopbackPort()}");
        await using var legacy = LegacyDriver.Start(LegacyProgram.C, rig.Directory, LegacyDriver.Ini(nowhere, "[output]\nlimit = 64\n"),
            new Dictionary<string, string> { ["CARDBRIDGE_LEGACY_ENDPOINT"] = $"localhost:{rig.WebAddress.Port}" });

        var tooLong = await legacy.CallAsync("iReadCardBas", "3");
        var fits = await legacy.CallAsync("iReadCard", "3", "1", "", "DF04EF05|81|8F|$");

        Assert.Equal((-14L, "命令参数错"), (tooLong.Code, tooLong.Text));
        Assert.Contains("does not fit [output] limit 64", legacy.Log, StringComparison.Ordinal);
        Assert.Equal((0L, "310|1|$"), (fits.Code, fits.Text));
    }

    [GeneratedRegex(@"^(?<key>[a-z_]+) =", RegexOptions.Multiline)]
    private static partial Regex IniKey();

    [GeneratedRegex(@"strcmp\(key, ""(?<key>[a-z_]+)""\)")]
    private static partial Regex ReadKey();
}
