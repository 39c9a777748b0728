using System.Text.RegularExpressions;

namespace CardBridge.Docs.Tests;

/// <summary>The legacy guide names every exported function and every service reason the library maps to a standard code.</summary>
public sealed partial class LegacyGuideTests
{
    private static readonly string Guide = File.ReadAllText(RepositoryRoot.Combine("docs", "guides", "legacy-his.md"));

    [Fact]
    public void Every_export_of_the_def_file_is_in_the_function_table()
    {
        var exports = File.ReadAllLines(RepositoryRoot.Combine("src", "CardBridge.Legacy", "SSCardDriver.def"))
            .SkipWhile(l => l.Trim() != "EXPORTS").Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

        Assert.Equal(9, exports.Count);
        Assert.All(exports, name => Assert.Contains($"| `{name}(", Guide, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_reason_the_library_maps_is_in_the_code_table()
    {
        var codes = File.ReadAllText(RepositoryRoot.Combine("src", "CardBridge.Legacy", "src", "codes.c"));
        var reasons = Reason().Matches(codes).Select(m => m.Groups["reason"].Value).Distinct().ToList();

        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.Contains($"`{reason}`", Guide, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"""(?<reason>[A-Z]+_[A-Z_]+)""")]
    private static partial Regex Reason();
}
