using CardBridge.Api.V1;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Simulation.Profiles;

namespace CardBridge.IntegrationTests;

/// <summary>
/// The legacy library end to end on the real PC/SC path: a C program calling libSSCardDriver.so → the service's web
/// listener → our PC/SC binding → the real pcscd → vpcd → the simulated card, the PSAM in the second vpcd reader.
/// </summary>
[Collection("pcscd")]
[Trait("Category", "Integration")]
public sealed class LegacyLibraryThroughPcscdTests
{
    private const string Device = "CB-DEV-01";
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_standard_functions_read_and_verify_the_card_behind_pcscd()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var psam = await PcscdFixture.InsertAsync(SimCard.Psam().Build(), VpcdBridgeOptions.SecondReaderPort, timeout.Token);
        // The test runs in its own network namespace, where only its own service binds.
        var web = LegacyDriver.FreeLoopbackPort();
        await using var service = await RunningService.OnPcscAsync(
            PcscdFixture.SecondReader, ("Listeners:Web:Port", web.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("StandardInterface:DeviceNumber", Device));
        await using var events = new EventWatch(service.Readers);
        await using var card = await PcscdFixture.InsertAsync(SimCard.ThirdGen().Build(), VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        await events.UntilAsync(e => e.EventCase == ReaderEvent.EventOneofCase.SessionReady && e.SessionReady.Reader == PcscdFixture.FirstReader, EventTimeout);
        var directory = Directory.CreateTempSubdirectory("cardbridge-legacy-");
        try
        {
            await using var legacy = LegacyDriver.Start(LegacyProgram.C, directory.FullName,
                $"[service]\nendpoint = 127.0.0.1:{web}\n[readers]\ncontact = {PcscdFixture.FirstReader}\n[pin]\nentry = caller\n");

            var read = await legacy.CallAsync("iReadCardBas", "1");
            var medical = await legacy.CallAsync("iReadCard", "1", "1", "", "DF04EF05|81|8F|$");
            var info = await legacy.CallAsync("iGetReaderInfo");
            var wrong = await legacy.CallAsync("iVerifyPIN", "1", "000000");
            var right = await legacy.CallAsync("iVerifyPIN", "1", "123456");
            var contactless = await legacy.CallAsync("iReadCardBas", "2");

            Assert.Equal(
                (0L, $"990001|990001199001010013|SIM000001|990001D156000005000000015A3C19E2|测试甲|53494D5353433330|3.00|20240301|20340301|999900000001|{Device}|"),
                (read.Code, read.Text));
            Assert.Equal((0L, "310|1|$"), (medical.Code, medical.Text));
            Assert.Equal((0L, Device, "999900000001"), (info.Code, info.Text, info.SecondText));
            Assert.Equal((-51L, "PIN校验失败，剩余次数2次"), (wrong.Code, wrong.Text));
            Assert.Equal((0L, ""), (right.Code, right.Text));
            Assert.Equal((-2L, "无卡"), (contactless.Code, contactless.Text));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
