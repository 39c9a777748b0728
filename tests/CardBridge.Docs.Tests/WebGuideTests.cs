namespace CardBridge.Docs.Tests;

/// <summary>docs/guides/web.md stays true to the contract's HTTP rules and to the example page it points at.</summary>
public sealed class WebGuideTests
{
    private static readonly string Guide = File.ReadAllText(RepositoryRoot.Combine("docs", "guides", "web.md"));

    public static TheoryData<string> Routes() => new(
        Directory.GetFiles(RepositoryRoot.Combine("protos", "cardbridge", "v1"), "*.proto")
            .SelectMany(file => ProtoHttpRules.Bindings(File.ReadAllText(file)))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Routes))]
    public void The_guide_lists_every_route_of_the_contract(string route) =>
        Assert.Contains($"`{route}`", Guide, StringComparison.Ordinal);

    [Fact]
    public void The_example_page_holds_no_credential_and_writes_answers_as_text_only()
    {
        var script = File.ReadAllText(RepositoryRoot.Combine("docs", "examples", "web", "app.js"));
        var code = string.Join('\n', script.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));

        Assert.DoesNotContain("authorization", code, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("innerHTML", code, StringComparison.Ordinal);
        Assert.DoesNotContain("localStorage", code, StringComparison.Ordinal);
        Assert.Contains("usePinPad: true", code, StringComparison.Ordinal);
    }
}
