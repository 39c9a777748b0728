using CardBridge.Qr.Replay;
using CardBridge.Qr.Tests.Transit;
using CardBridge.Qr.Transit;
using CardBridge.Simulation.Qr.Transit;

namespace CardBridge.Qr.Tests.Replay;

// The flow a gate runs: parse, verify offline, then spend the code in the replay cache until it expires.
[Trait("Category", "Integration")]
public sealed class TransitScanTwiceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cardbridge-qr-transit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Verified_transit_code_scanned_again_is_replayed_even_after_a_restart()
    {
        var fixture = new TransitFixture();
        var text = fixture.Text(SimTransitQrKind.Valid);
        var options = new QrReplayCacheOptions { DatabasePath = Path.Combine(_directory, "replay.db") };

        await using (var cache = await QrReplayCache.OpenAsync(options, fixture.Time, null, CancellationToken.None))
        {
            await Scan(cache);
        }
        fixture.Time.Now = fixture.Time.Now.AddSeconds(20);
        await using var restarted = await QrReplayCache.OpenAsync(options, fixture.Time, null, CancellationToken.None);

        await Assert.ThrowsAsync<QrReplayedException>(() => Scan(restarted));

        async Task Scan(QrReplayCache cache)
        {
            var code = TransitQrParser.Parse(text);
            var credential = fixture.Verifier.Verify(code);
            await cache.ConsumeAsync(code.Bytes, credential.ExpiresAt, CancellationToken.None);
        }
    }
}
