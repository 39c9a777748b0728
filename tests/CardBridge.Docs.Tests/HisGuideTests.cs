namespace CardBridge.Docs.Tests;

/// <summary>docs/guides/his.md: both examples run the outpatient flow online, and offline with the centre unreachable.</summary>
[Trait("Category", "Integration")]
public sealed class HisGuideTests
{
    private const string UnreachableCentre = "--Centre:ServiceUri=http://127.0.0.1:9/";

    public static TheoryData<string> Languages => new() { "csharp", "python" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task His_example_reads_verifies_pre_settles_settles_once_and_pays_by_e_voucher_code(string language)
    {
        await using var service = await SimulatedService.StartAsync();

        var output = await RunAsync(language, service, "--bill", "HIS-ONLINE-1");

        Assert.Contains("holder=测试甲", Examples.Line(output, "read:"), StringComparison.Ordinal);
        Assert.Equal("pin: verified", Examples.Line(output, "pin:"));
        Assert.Equal("pre-settle: total=1500 fund=900 account=600 cash=0", Examples.Line(output, "pre-settle:"));
        var first = Examples.Line(output, "settle: online settlement_id=");
        var again = Examples.Line(output, "settle again: online settlement_id=");
        Assert.Contains("replayed=False", first, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("replayed=True", again, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(SettlementId(first), SettlementId(again));
        Assert.Contains("holder=测试甲", Examples.Line(output, "presented: code kind="), StringComparison.Ordinal);
        var byCode = Examples.Line(output, "settle by code: online settlement_id=");
        Assert.NotEqual(SettlementId(first), SettlementId(byCode));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task His_example_settles_the_card_offline_and_is_told_a_code_needs_the_card_when_the_centre_is_down(string language)
    {
        await using var service = await SimulatedService.StartAsync(UnreachableCentre);

        var output = await RunAsync(language, service, "--bill", "HIS-OFFLINE-1");

        Assert.StartsWith("pre-settle: centre unavailable", Examples.Line(output, "pre-settle:"), StringComparison.Ordinal);
        Assert.StartsWith("settle: offline journal_sequence=1 card_written=True", Examples.Line(output, "settle:"), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("settle again: offline journal_sequence=1 card_written=True replayed=True", Examples.Line(output, "settle again:"), StringComparison.OrdinalIgnoreCase);
        var byCode = Examples.Line(output, "settle by code refused:");
        Assert.Contains("OFFLINE_LIMIT_EXCEEDED", byCode, StringComparison.Ordinal);
        Assert.Contains("limit=card_required", byCode, StringComparison.Ordinal);
        Assert.EndsWith("ask for the card", byCode, StringComparison.Ordinal);
    }

    private static Task<string> RunAsync(string language, SimulatedService service, params string[] extra) => language == "csharp"
        ? Examples.RunCSharpAsync(service, "his", "his", extra)
        : Examples.RunPythonAsync(service, "his", "his", extra);

    private static string SettlementId(string line) =>
        line.Split(' ').Single(part => part.StartsWith("settlement_id=", StringComparison.Ordinal));
}
