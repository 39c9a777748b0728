using System.Text.RegularExpressions;

namespace CardBridge.Docs.Tests;

/// <summary>Every relative link of the guides points at a file that exists, and each guide shows its two examples.</summary>
public sealed partial class GuideLinkTests
{
    public static TheoryData<string> Documents => new()
    {
        "docs/guides/README.md",
        "docs/guides/his.md",
        "docs/guides/library.md",
        "docs/guides/bank.md",
        "docs/guides/kiosk.md",
        "docs/guides/transit.md",
        "docs/guides/web.md",
        "docs/guides/legacy-his.md",
        "docs/operations/operator.md",
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Relative_links_resolve_to_files(string document)
    {
        var path = RepositoryRoot.Combine(document.Split('/'));
        var text = File.ReadAllText(path);
        var links = Link().Matches(text).Select(m => m.Groups["target"].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal))
            .Select(target => target.Split('#')[0])
            .Where(target => target.Length > 0)
            .ToList();

        Assert.NotEmpty(links);
        Assert.All(links, target => Assert.True(
            File.Exists(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target))), $"{document}: {target} does not exist"));
    }

    [Theory]
    [InlineData("his", "HisExample.cs")]
    [InlineData("library", "LibraryExample.cs")]
    [InlineData("bank", "BankExample.cs")]
    [InlineData("kiosk", "KioskExample.cs")]
    [InlineData("transit", "TransitExample.cs")]
    public void Guide_runs_its_CSharp_and_Python_example(string guide, string csharp)
    {
        var text = File.ReadAllText(RepositoryRoot.Combine("docs", "guides", guide + ".md"));

        Assert.Contains($"CardBridge.Examples -- {guide} --api-key", text, StringComparison.Ordinal);
        Assert.Contains($"docs/examples/python/{guide}.py --api-key", text, StringComparison.Ordinal);
        Assert.Contains($"(../examples/csharp/CardBridge.Examples/{csharp})", text, StringComparison.Ordinal);
        Assert.Contains($"(../examples/python/{guide}.py)", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}
