using CardBridge.HardwareSim.Vpcd;
using CardBridge.IntegrationTests.Peers;
using CardBridge.Pcsc;

namespace CardBridge.IntegrationTests;

/// <summary>
/// Tools no one here wrote — pcsc-tools' scriptor and pyscard — send the same APDUs as our binding to the
/// virtual card served by the <c>cardbridge-sim vcard</c> executable, and all three get byte-identical answers.
/// This proves both sides of our stack (the binding and the vpcd card) speak PC/SC and vpcd as others do.
/// </summary>
[Collection("pcscd")]
[Trait("Category", "Integration")]
public sealed class PeerCheckTests
{
    // SELECT SSSE (T=0: 61 1E), GET RESPONSE, READ RECORD EF05 #1 with Le=00 (6C12) and with Le=12,
    // records 3 and 7, SELECT DF04 by AID without FCI, a file that does not exist (6A82),
    // an unsupported instruction (6D00), and holder data before authentication (6982).
    private static readonly string[] Apdus =
    [
        "00A404000F7378312E73682EC9E7BBE1B1A3D5CF00",
        "00C000001E",
        "00B2012C00",
        "00B2012C12",
        "00B2032C06",
        "00B2072C0B",
        "00A4040C06D15600000503",
        "00A4020C02EF99",
        "00EE000000",
        "00A4040C0F7378312E73682EC9E7BBE1B1A3D5CF",
        "00B2013400",
    ];

    [Fact]
    public async Task Scriptor_pyscard_and_our_binding_get_byte_identical_answers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var simulator = SimulatorProcess.StartVcard("third-gen", VpcdBridgeOptions.FirstReaderPort);
        await simulator.WaitForLineAsync("state connected", TimeSpan.FromSeconds(30), timeout.Token);
        await PcscdFixture.WaitForCardAsync(PcscdFixture.FirstReader, present: true, TimeSpan.FromSeconds(10), timeout.Token);

        var ours = TransmitWithOurBinding();
        var scriptor = await Scriptor.TransmitAsync(PcscdFixture.FirstReader, Apdus, timeout.Token);
        var pyscard = await Pyscard.TransmitAsync(PcscdFixture.FirstReader, Apdus, timeout.Token);

        Assert.Equal(Apdus.Length, ours.Count);
        Assert.Equal(ours, scriptor);
        Assert.Equal(ours, pyscard);
        Assert.EndsWith("611E", ours[0], StringComparison.Ordinal);
        Assert.Equal("6C12", ours[2]);
        Assert.EndsWith("9000", ours[3], StringComparison.Ordinal);
        Assert.Equal("6A82", ours[7]);
        Assert.Equal("6D00", ours[8]);
        Assert.Equal("6982", ours[10]);

        await simulator.SendAsync("remove");
        await simulator.WaitForLineAsync("state removed", TimeSpan.FromSeconds(10), timeout.Token);
        await PcscdFixture.WaitForCardAsync(PcscdFixture.FirstReader, present: false, TimeSpan.FromSeconds(10), timeout.Token);
    }

    private static List<string> TransmitWithOurBinding()
    {
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.FirstReader, PcscShareMode.Shared, PcscProtocols.Any);
        try
        {
            return Apdus.Select(apdu => Convert.ToHexString(card.Transmit(Convert.FromHexString(apdu)))).ToList();
        }
        finally
        {
            card.Disconnect(PcscDisposition.Reset);
        }
    }
}
