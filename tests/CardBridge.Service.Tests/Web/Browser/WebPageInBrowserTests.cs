using CardBridge.Api.V1;
using Xunit.Abstractions;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Web.Browser;

/// <summary>
/// docs/examples/web in headless Chromium, served from its own origin: from a listed origin it reads the simulated card,
/// shows the masked name, verifies the PIN on the reader's pad and shows the card leaving live; from an unlisted origin
/// it gets nothing and shows the refusal. Each test leaves a screenshot in the test output (browser-screenshots/).
/// </summary>
[Trait("Category", "Integration")]
public sealed class WebPageInBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(30);

    // A blank 1280×800 PNG is about 10 kB; the page with its three panels is several times that.
    private const int NonTrivialPngBytes = 20_000;

    [Fact]
    public async Task The_registration_desk_from_a_listed_origin_shows_the_masked_holder_verifies_the_PIN_and_sees_the_card_leave()
    {
        await using var site = await StaticSite.StartAsync();
        await using var web = await WebRig.StartAsync(
            ("Web:Origins:1:Origin", site.OriginText),
            ("Web:Origins:1:Scopes:0", "identity.basic"),
            ("Web:Origins:1:Scopes:1", "pin"),
            ("Simulation:PinPadReaders:0", ServiceRig.Reader0));
        var session = await web.Rig.InitialSessionAsync();
        await using var chromium = await DevToolsChromium.StartAsync();

        await chromium.NavigateAsync(site.Page(web.Rig.WebAddress));
        var name = await chromium.WaitForTextAsync("holder-name", text => text.Length > 0, PageTimeout);
        var number = await chromium.TextOfAsync("card-number");
        await chromium.WaitForTextAsync("readers", text => text.Contains("Simulated Reader 0: card", StringComparison.Ordinal), PageTimeout);

        await web.Rig.Simulator.PressKeysAsync(new PressKeysRequest { Reader = ServiceRig.Reader0, Digits = Pin }, ServiceRig.WithKey(null));
        await chromium.EvaluateAsync("document.getElementById('verify-pin').click()");
        var pin = await chromium.WaitForTextAsync("pin-result", text => text.StartsWith("PIN ", StringComparison.Ordinal) && !text.Contains("Enter", StringComparison.Ordinal), PageTimeout);

        var shown = await chromium.EvaluateAsync("document.body.innerText");
        await KeepScreenshotAsync(chromium, "web-page-listed-origin-card");

        web.Rig.Bank.Remove(ServiceRig.Reader0);
        var events = await chromium.WaitForTextAsync("events", text => text.Contains("card removed from Simulated Reader 0", StringComparison.Ordinal), PageTimeout);
        var prompt = await chromium.WaitForTextAsync("prompt", text => text.StartsWith("Card removed", StringComparison.Ordinal), PageTimeout);
        var holderAfter = await chromium.EvaluateAsync("getComputedStyle(document.getElementById('holder')).display");
        await KeepScreenshotAsync(chromium, "web-page-listed-origin-removed");

        Assert.Equal("测**", name);
        Assert.Matches(@"^SI\*+01$", number);
        Assert.Equal("PIN verified.", pin);
        Assert.Contains("card removed from Simulated Reader 0", events, StringComparison.Ordinal);
        Assert.StartsWith("Card removed", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("测试甲", shown, StringComparison.Ordinal);
        Assert.Equal("none", holderAfter);
        Assert.Contains(web.AuditOf("/cardbridge.v1.IdentityService/AwaitCredential"), line =>
            line.GetProperty("Client").GetString() == site.OriginText && line.GetProperty("Origin").GetString() == site.OriginText
            && line.GetProperty("Outcome").GetString() == "OK" && line.GetProperty("Purpose").GetString() == "outpatient registration"
            && line.GetProperty("Session").GetString() == session);
        Assert.Contains(web.AuditOf("/cardbridge.v1.IdentityService/VerifyPin"), line =>
            line.GetProperty("Origin").GetString() == site.OriginText && line.GetProperty("Outcome").GetString() == "OK");
    }

    [Fact]
    public async Task The_registration_desk_from_an_unlisted_origin_gets_nothing_and_shows_the_refusal()
    {
        await using var site = await StaticSite.StartAsync();
        await using var web = await WebRig.StartAsync();
        await using var chromium = await DevToolsChromium.StartAsync();

        await chromium.NavigateAsync(site.Page(web.Rig.WebAddress));
        var status = await chromium.WaitForTextAsync("status", text => text.StartsWith("Refused", StringComparison.Ordinal), PageTimeout);
        var refusedStyle = await chromium.EvaluateAsync("String(document.getElementById('status').classList.contains('refused'))");
        var readers = await chromium.EvaluateAsync("String(document.getElementById('readers').children.length)");
        var holderShown = await chromium.EvaluateAsync("getComputedStyle(document.getElementById('holder')).display");
        await KeepScreenshotAsync(chromium, "web-page-unlisted-origin");

        Assert.Contains(site.OriginText, status, StringComparison.Ordinal);
        Assert.Equal("true", refusedStyle);
        Assert.Equal("0", readers);
        Assert.Equal("none", holderShown);
        // The browser did ask, and the service refused it before any work, with an audit line naming the page's origin.
        Assert.Contains(web.AuditOf("/cardbridge.v1.ReaderService/ListReaders"), line =>
            line.GetProperty("Reason").GetString() == "ORIGIN_NOT_ALLOWED" && line.GetProperty("Origin").GetString() == site.OriginText);
        Assert.Empty(web.AuditOf("/cardbridge.v1.IdentityService/AwaitCredential"));
    }

    private async Task KeepScreenshotAsync(DevToolsChromium chromium, string name)
    {
        var png = await chromium.ScreenshotAsync();
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "browser-screenshots"));
        var file = Path.Combine(directory.FullName, $"{name}.png");
        await File.WriteAllBytesAsync(file, png);
        output.WriteLine($"screenshot: {file} ({png.Length} bytes)");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(png.Length > NonTrivialPngBytes, $"the screenshot {file} is only {png.Length} bytes");
    }
}
