using System.Text.RegularExpressions;

namespace CardBridge.Docs.Tests;

/// <summary>One element of a .proto file that has no comment: its 1-based line, its kind and its qualified name.</summary>
internal sealed record UndocumentedElement(int Line, string Kind, string Name)
{
    public override string ToString() => $"{Line}: {Kind} {Name}";
}

/// <summary>
/// Finds the services, rpcs, messages, enums, enum values, fields and oneofs of a proto3 file that have neither a
/// <c>//</c> comment line directly above them nor a trailing <c>//</c> comment. A line-based reader for the style of
/// protos/cardbridge/v1 (one declaration per line); a statement it does not understand is reported as kind
/// "unrecognised", so a construct it cannot read never passes unchecked.
/// </summary>
internal static partial class ProtoDocumentation
{
    private const string Unrecognised = "unrecognised";

    private enum Scope
    {
        Service,
        Rpc,
        Message,
        Enum,
        Oneof,
    }

    public static IReadOnlyList<UndocumentedElement> Undocumented(string proto)
    {
        var found = new List<UndocumentedElement>();
        // The open blocks, innermost last, each with its name for qualifying what is declared in it.
        var open = new List<(Scope Scope, string Name)>();
        var commentAbove = false;
        var lines = proto.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.StartsWith("//", StringComparison.Ordinal))
            {
                commentAbove = true;
                continue;
            }
            var documented = commentAbove || line.Contains("//", StringComparison.Ordinal);
            commentAbove = false;
            var statement = StripTrailingComment(line);
            if (statement.Length == 0 || Ignored().IsMatch(statement))
            {
                continue;
            }
            if (statement == "}")
            {
                if (open.Count > 0)
                {
                    open.RemoveAt(open.Count - 1);
                }
                continue;
            }
            var (kind, name, opens) = Classify(statement, open.Count > 0 ? open[^1].Scope : null);
            var qualified = string.Join('.', open.Where(o => o.Scope != Scope.Oneof).Select(o => o.Name).Append(name));
            if (!documented || kind == Unrecognised)
            {
                found.Add(new UndocumentedElement(index + 1, kind, kind == Unrecognised ? statement : qualified));
            }
            if (opens is { } scope)
            {
                open.Add((scope, name));
            }
        }
        return found;
    }

    private static (string Kind, string Name, Scope? Opens) Classify(string statement, Scope? inside)
    {
        if (Block().Match(statement) is { Success: true } block)
        {
            var keyword = block.Groups["keyword"].Value;
            var scope = keyword switch
            {
                "service" => Scope.Service,
                "message" => Scope.Message,
                "enum" => Scope.Enum,
                _ => Scope.Oneof,
            };
            var closedOnSameLine = block.Groups["closed"].Success;
            return (keyword, block.Groups["name"].Value, closedOnSameLine ? null : scope);
        }
        if (inside == Scope.Service && Rpc().Match(statement) is { Success: true } rpc)
        {
            return ("rpc", rpc.Groups["name"].Value, rpc.Groups["body"].Success ? Scope.Rpc : null);
        }
        if (inside == Scope.Enum && EnumValue().Match(statement) is { Success: true } value)
        {
            return ("enum value", value.Groups["name"].Value, null);
        }
        if (inside is Scope.Message or Scope.Oneof && Field().Match(statement) is { Success: true } field)
        {
            return ("field", field.Groups["name"].Value, null);
        }
        return (Unrecognised, statement, null);
    }

    private static string StripTrailingComment(string line)
    {
        var comment = line.IndexOf("//", StringComparison.Ordinal);
        return (comment < 0 ? line : line[..comment]).Trim();
    }

    // File-level statements, reservations and rpc options carry nothing a client reads.
    [GeneratedRegex(@"^(syntax|package|import|option|reserved)\b.*;$")]
    private static partial Regex Ignored();

    [GeneratedRegex(@"^(?<keyword>service|message|enum|oneof)\s+(?<name>\w+)\s*\{\s*(?<closed>\})?$")]
    private static partial Regex Block();

    [GeneratedRegex(@"^rpc\s+(?<name>\w+)\s*\(\s*(stream\s+)?[\w.]+\s*\)\s*returns\s*\(\s*(stream\s+)?[\w.]+\s*\)\s*(;|\{\s*\}|(?<body>\{))$")]
    private static partial Regex Rpc();

    [GeneratedRegex(@"^(?<name>[A-Z][A-Z0-9_]*)\s*=\s*-?\d+\s*(\[[^\]]*\])?\s*;$")]
    private static partial Regex EnumValue();

    [GeneratedRegex(@"^((optional|repeated)\s+)?(map\s*<\s*\w+\s*,\s*[\w.]+\s*>|[\w.]+)\s+(?<name>\w+)\s*=\s*\d+\s*(\[[^\]]*\])?\s*;$")]
    private static partial Regex Field();
}
