namespace CardBridge.Docs.Tests;

/// <summary>docs/guides/kiosk.md: the card's own medical records, the basics at once and the log after the PIN on the pad.</summary>
[Trait("Category", "Integration")]
public sealed class KioskGuideTests
{
    private const string PinPadReader = "--Simulation:PinPadReaders:0=Simulated Reader 0";

    public static TheoryData<string> Languages => new() { "csharp", "python" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Kiosk_example_shows_the_basics_then_the_offline_state_and_the_log_after_the_PIN_on_the_pad(string language)
    {
        await using var service = await SimulatedService.StartAsync(PinPadReader);

        var output = language == "csharp"
            ? await Examples.RunCSharpAsync(service, "kiosk", "kiosk")
            : await Examples.RunPythonAsync(service, "kiosk", "kiosk");

        Assert.Contains("insurance_type=310", Examples.Line(output, "basics:"), StringComparison.Ordinal);
        Assert.Contains("count=0", Examples.Line(output, "offline:"), StringComparison.Ordinal);
        var newest = Examples.Line(output, "transaction:");
        Assert.Contains("seq=2", newest, StringComparison.Ordinal);
        Assert.Contains("time=2025-02-14T02:05:12Z", newest, StringComparison.Ordinal);
        Assert.Contains("account_fen=3250", newest, StringComparison.Ordinal);
        Assert.Contains("\"Client\":\"kiosk\"", service.AuditText(), StringComparison.Ordinal);
    }
}
