using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CardBridge.Docs.Tests;

/// <summary>
/// docs/architecture.md stays true, and the rules of the house it describes hold in the code: dependencies point
/// down, PC/SC stops at the terminal, the shipped service references no test tool, files stay small.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Page = File.ReadAllText(RepositoryRoot.Combine("docs", "architecture.md"));

    /// <summary>The projects of the product and the simulator, bottom layer first: a project may reference only those before it.</summary>
    private static readonly string[] Layers =
    [
        "src/CardBridge.Crypto", "src/CardBridge.Iso7816", "src/CardBridge.Pcsc", "src/CardBridge.Cards", "src/CardBridge.Terminal",
        "src/CardBridge.Qr", "src/CardBridge.Journal", "src/CardBridge.Settlement", "src/CardBridge.Transit", "src/CardBridge.Api",
        "hardware-sim/CardBridge.Simulation", "src/CardBridge.Service", "hardware-sim/CardBridge.HardwareSim", "src/CardBridge.Cli",
    ];

    /// <summary>The layers above the terminal, where no PC/SC type may be named.</summary>
    private static readonly string[] AboveTerminal =
        ["src/CardBridge.Qr", "src/CardBridge.Journal", "src/CardBridge.Settlement", "src/CardBridge.Transit", "src/CardBridge.Service"];

    public static TheoryData<string> Projects => [.. Layers];

    [Theory]
    [MemberData(nameof(Projects))]
    public void The_page_names_every_project(string project) =>
        Assert.Contains($"`{project}`", Page, StringComparison.Ordinal);

    [Fact]
    public void Every_project_of_the_product_is_in_a_layer()
    {
        var found = Directory.EnumerateFiles(RepositoryRoot.Combine("src"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(RepositoryRoot.Combine("hardware-sim"), "*.csproj", SearchOption.AllDirectories))
            .Select(Relative).Select(p => p[..p.LastIndexOf('/')]);

        Assert.Equal(Layers.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_path_the_page_names_exists()
    {
        var paths = RepositoryPath().Matches(Page).Select(m => m.Groups["path"].Value).Distinct(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(paths);
        Assert.All(paths, path =>
        {
            var full = RepositoryRoot.Combine(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
            Assert.True(File.Exists(full) || Directory.Exists(full), $"docs/architecture.md names {path}, which does not exist");
        });
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_project_references_only_layers_below_it(string project)
    {
        var below = Layers.TakeWhile(p => p != project).ToHashSet(StringComparer.Ordinal);
        var references = ProjectReferences(project);

        Assert.All(references, reference => Assert.True(below.Contains(reference), $"{project} references {reference}, which is not below it"));
    }

    [Fact]
    public void The_service_references_the_simulation_library_and_not_the_simulator_tool()
    {
        var references = ProjectReferences("src/CardBridge.Service");

        Assert.Contains("hardware-sim/CardBridge.Simulation", references);
        Assert.DoesNotContain("hardware-sim/CardBridge.HardwareSim", references);
    }

    [Theory]
    [MemberData(nameof(AboveTerminalProjects))]
    public void No_layer_above_the_terminal_names_a_PCSC_type(string project)
    {
        var offenders = SourceFiles(project)
            .Where(file => PcscNamespace().IsMatch(File.ReadAllText(file)))
            .Select(Relative)
            .ToList();

        Assert.True(offenders.Count == 0, $"CardBridge.Pcsc named in {string.Join(", ", offenders)}");
    }

    public static TheoryData<string> AboveTerminalProjects => [.. AboveTerminal];

    [Fact]
    public void No_hosting_or_workflow_file_branches_on_simulation()
    {
        var hosts = new[] { "Hosting/TerminalHost.cs", "Hosting/SettlementHost.cs", "Hosting/QrHost.cs", "Transit/TransitHost.cs" };

        Assert.All(hosts, host => Assert.DoesNotContain("Simulat",
            File.ReadAllText(RepositoryRoot.Combine("src", "CardBridge.Service", host)), StringComparison.Ordinal));
    }

    [Fact]
    public void No_source_file_of_the_product_is_over_500_lines()
    {
        var large = SourceFiles("src")
            .Select(file => (File: Relative(file), Lines: File.ReadLines(file).Count()))
            .Where(f => f.Lines > 500)
            .Select(f => $"{f.File} ({f.Lines})")
            .ToList();

        Assert.True(large.Count == 0, $"split by job (DESIGN §2): {string.Join(", ", large)}");
    }

    private static List<string> ProjectReferences(string project)
    {
        var file = Directory.EnumerateFiles(RepositoryRoot.Combine(project.Split('/')), "*.csproj").Single();
        return XDocument.Load(file).Descendants("ProjectReference")
            .Select(r => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, r.Attribute("Include")!.Value)))
            .Select(Relative)
            .Select(p => p[..p.LastIndexOf('/')])
            .ToList();
    }

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(RepositoryRoot.Combine(directory.Split('/')), "*.cs", SearchOption.AllDirectories)
            .Where(f => !Relative(f).Split('/').Any(part => part is "bin" or "obj"));

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/');

    // A path in backticks that starts at a top folder of the repository; placeholders (<Application>) end it.
    [GeneratedRegex(@"`(?<path>(?:src|hardware-sim|tests|protos|docs|bench|scripts)/[^`<>\s…*]*?)/?`")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"\bCardBridge\.Pcsc\b")]
    private static partial Regex PcscNamespace();
}
