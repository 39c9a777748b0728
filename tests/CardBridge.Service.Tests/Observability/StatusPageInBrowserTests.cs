namespace CardBridge.Service.Tests.Observability;

/// <summary>The status page in headless Chromium (Debian <c>chromium</c>): it renders the simulator's readers.</summary>
[Collection(MetricsRunAlone.Name)]
[Trait("Category", "Integration")]
public sealed class StatusPageInBrowserTests
{
    // A blank 1280×900 PNG is about 10 kB; the page with its tables and chart is several times that.
    private const long NonTrivialPngBytes = 20_000;

    [Fact]
    public async Task Headless_chromium_renders_the_status_page_with_the_simulated_readers()
    {
        await HeadlessChromium.EnsureInstalledAsync();
        // The simulator's local scopes include admin: the browser, which cannot send a key, comes in as the loopback caller.
        await using var rig = await AdminRig.StartAsync();
        await rig.SessionInAsync(AdminRig.Reader0);
        var page = new Uri(rig.AdminAddress, "/status");
        var screenshot = Path.Combine(Path.GetTempPath(), $"cardbridge-status-{Guid.NewGuid():N}.png");
        try
        {
            var (shotExit, shotOutput) = await HeadlessChromium.ScreenshotAsync(page, screenshot);
            var (domExit, dom) = await HeadlessChromium.DumpDomAsync(page);

            Assert.True(shotExit == 0, shotOutput);
            Assert.True(File.Exists(screenshot), shotOutput);
            var png = await File.ReadAllBytesAsync(screenshot);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            Assert.True(png.Length > NonTrivialPngBytes, $"the screenshot is only {png.Length} bytes");
            Assert.True(domExit == 0, dom);
            Assert.Contains("Simulated Reader 0", dom, StringComparison.Ordinal);
            Assert.Contains("Simulated Reader 1", dom, StringComparison.Ordinal);
            Assert.Contains("<svg", dom, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(screenshot);
        }
    }
}
