using System.Text.RegularExpressions;

namespace CardBridge.Docs.Tests;

/// <summary>One HTTP binding of an rpc (<c>GET /v1/readers</c>) that its comment does not name.</summary>
internal sealed record UnnamedHttpBinding(int Line, string Rpc, string Binding)
{
    public override string ToString() => $"{Line}: rpc {Rpc} does not name `{Binding}` in its comment";
}

/// <summary>
/// The web face's routes are part of the contract: every <c>google.api.http</c> binding of an rpc (its main rule and
/// each <c>additional_bindings</c>) must be named in the rpc's comment as <c>`VERB /path`</c> on one line, so a reader of the proto
/// or of the generated OpenAPI document learns the route where the rpc is described. The rule sits on one line inside
/// the rpc's braces, as protos/cardbridge/v1 writes it.
/// </summary>
internal static partial class ProtoHttpRules
{
    public static IReadOnlyList<UnnamedHttpBinding> Unnamed(string proto)
    {
        var found = new List<UnnamedHttpBinding>();
        var lines = proto.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var comment = new List<string>();
        string? rpc = null;
        var rpcComment = "";
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.StartsWith("//", StringComparison.Ordinal))
            {
                comment.Add(line[2..].Trim());
                continue;
            }
            if (Rpc().Match(line) is { Success: true } opened)
            {
                rpc = opened.Groups["name"].Value;
                rpcComment = string.Join('\n', comment);
            }
            else if (rpc is not null && line.StartsWith("option (google.api.http)", StringComparison.Ordinal))
            {
                foreach (Match binding in Binding().Matches(line))
                {
                    var named = $"{binding.Groups["verb"].Value.ToUpperInvariant()} {binding.Groups["path"].Value}";
                    if (!rpcComment.Contains($"`{named}`", StringComparison.Ordinal))
                    {
                        found.Add(new UnnamedHttpBinding(index + 1, rpc, named));
                    }
                }
            }
            else if (line == "}")
            {
                rpc = null;
            }
            comment.Clear();
        }
        return found;
    }

    /// <summary>Every HTTP binding of every rpc in <paramref name="proto"/>, as <c>VERB /path</c>.</summary>
    public static IEnumerable<string> Bindings(string proto) =>
        proto.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("option (google.api.http)", StringComparison.Ordinal))
            .SelectMany(line => Binding().Matches(line))
            .Select(binding => $"{binding.Groups["verb"].Value.ToUpperInvariant()} {binding.Groups["path"].Value}");

    // An rpc with a body: the http rule can only be inside one.
    [GeneratedRegex(@"^rpc\s+(?<name>\w+)\s*\(.*\{$")]
    private static partial Regex Rpc();

    [GeneratedRegex(@"\b(?<verb>get|put|post|delete|patch)\s*:\s*""(?<path>[^""]+)""")]
    private static partial Regex Binding();
}
