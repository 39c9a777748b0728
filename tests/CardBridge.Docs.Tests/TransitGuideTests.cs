namespace CardBridge.Docs.Tests;

/// <summary>
/// docs/guides/transit.md: a gate driving its own taps — an ordinary rider pays from the purse, a repeated tap is the
/// same ride, an elderly rider rides free by age, a hot-listed card is refused, a transit code pays by its account.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TransitGuideTests
{
    // The elderly rider is born 1961-12-01: free from 60 whatever today's date is.
    private const string FreeAge = "--Transit:FreeAge=60";

    public static TheoryData<string> Languages => new() { "csharp", "python" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Transit_example_charges_once_frees_by_age_refuses_the_hot_list_and_takes_a_transit_code(string language)
    {
        await using var service = await SimulatedService.StartAsync(FreeAge);

        var output = language == "csharp"
            ? await Examples.RunCSharpAsync(service, "transit", "transit")
            : await Examples.RunPythonAsync(service, "transit", "transit");

        Assert.Equal("rider 1 (card): gate open: paid fare_fen=200 balance_after_fen=4800", Examples.Line(output, "rider 1 (card):"));
        Assert.Equal("rider 1 again: gate open: paid fare_fen=200 balance_after_fen=4800 repeated=True (nothing charged)",
            Examples.Line(output, "rider 1 again:"));
        Assert.Equal("same ride: True", Examples.Line(output, "same ride:"));
        Assert.Equal("rider 2 (card): gate open: free (age)", Examples.Line(output, "rider 2 (card):"));
        Assert.Equal("rider 3 (card): gate shut: HOT_LISTED: card blocked: see the ticket office", Examples.Line(output, "rider 3 (card):"));
        Assert.Equal("rider 4 (code): gate open: paid fare_fen=200 (charged to the code's account later)", Examples.Line(output, "rider 4 (code):"));
        Assert.DoesNotContain("ALARM", output, StringComparison.Ordinal);
        Assert.Contains("\"Client\":\"transit\"", service.AuditText(), StringComparison.Ordinal);
    }
}
