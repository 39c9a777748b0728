namespace CardBridge.Docs.Tests;

/// <summary>docs/guides/library.md: with identity.basic the gate gets the same pseudonymous id from card and code, never the name.</summary>
[Trait("Category", "Integration")]
public sealed class LibraryGuideTests
{
    public static TheoryData<string> Languages => new() { "csharp", "python" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Library_example_admits_card_and_code_with_one_holder_id_and_masked_name_and_refuses_an_expired_code(string language)
    {
        await using var service = await SimulatedService.StartAsync();

        var output = language == "csharp"
            ? await Examples.RunCSharpAsync(service, "library", "gate")
            : await Examples.RunPythonAsync(service, "library", "gate");

        var card = Examples.Line(output, "visitor 1: gate open (card)");
        var code = Examples.Line(output, "visitor 2: gate open (code");
        foreach (var line in new[] { card, code })
        {
            Assert.Contains("name=测** ", line, StringComparison.Ordinal);
            Assert.Contains("full_name_sent=False", line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("测试甲", line, StringComparison.Ordinal);
        }
        Assert.Contains("QR_EXPIRED", Examples.Line(output, "visitor 3: gate shut:"), StringComparison.Ordinal);
        Assert.Equal("same person: true", Examples.Line(output, "same person:"), ignoreCase: true);
    }
}
