using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using XDocument = System.Xml.Linq.XDocument;
using XElement = System.Xml.Linq.XElement;
using XText = System.Xml.Linq.XText;
using CardBridge.Service.Configuration;
using CardBridge.Service.Simulation;
using CardBridge.Settlement.Centre;
using CardBridge.Journal;
using CardBridge.Settlement.Workflow;

namespace CardBridge.Service.Tests.Configuration;

/// <summary>
/// Writes docs/operations/configuration.md from the options classes the service binds: every key with its type,
/// default (a new instance's value), constraints (data annotations) and the property's XML doc summary.
/// </summary>
internal static partial class ConfigurationReference
{
    public const string RelativePath = "docs/operations/configuration.md";

    /// <summary>The sections as ServiceHost / SettlementSetup / LogSetup bind them, in the order of the document.</summary>
    public static IReadOnlyList<(string Section, Type Options)> Sections { get; } =
    [
        (ListenerOptions.Section, typeof(ListenerOptions)),
        (SecurityOptions.Section, typeof(SecurityOptions)),
        (LimitsOptions.Section, typeof(LimitsOptions)),
        (CardBridge.Service.Web.WebOptions.Section, typeof(CardBridge.Service.Web.WebOptions)),
        (ReaderOptions.Section, typeof(ReaderOptions)),
        (CardBridge.Terminal.Hsm.HsmOptions.Section, typeof(CardBridge.Terminal.Hsm.HsmOptions)),
        ("Journal", typeof(JournalOptions)),
        (JournalUploadOptions.Section, typeof(JournalUploadOptions)),
        ("Centre", typeof(CentreOptions)),
        (SettlementPolicyValidator.Section, typeof(SettlementPolicy)),
        (QrOptions.Section, typeof(QrOptions)),
        (TransitOptionsValidator.Section, typeof(CardBridge.Transit.TransitOptions)),
        (TransitOptionsValidator.Section, typeof(GateModeOptions)),
        (CardBridge.Service.Standard.StandardInterfaceOptions.Section, typeof(CardBridge.Service.Standard.StandardInterfaceOptions)),
        (AuditOptions.Section, typeof(AuditOptions)),
        (LogOptions.Section, typeof(LogOptions)),
        (SimulationOptions.Section, typeof(SimulationOptions)),
    ];

    public static string Generate()
    {
        var docs = new XmlDocs();
        var text = new StringBuilder();
        text.Append("""
            # Configuration reference

            <!-- Generated from the options classes by tests/CardBridge.Service.Tests (ConfigurationReference); do not edit.
                 After changing an options class, regenerate: CARDBRIDGE_WRITE_DOCS=1 dotnet test tests/CardBridge.Service.Tests --filter ConfigurationReference -->

            Every key below can be set in `appsettings.json` (`{"Journal": {"Path": "…"}}`), as an environment variable
            (`CARDBRIDGE_Journal__Path=…`, `:` written `__`) or as an argument (`--Journal:Path=…`). Lists take an index
            (`Security:Clients:0:Id`), maps a name (`Logs:Levels:Microsoft.AspNetCore`). Durations are `[d.]hh:mm:ss[.fff]`.
            The service validates everything at start: a bad value stops it with exit code 2 and a message naming the key.
            See [the operator guide](operator.md) for what to set first.

            """.Replace("\r", "", StringComparison.Ordinal));
        foreach (var group in Sections.GroupBy(s => s.Section))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {group.Key}\n\n");
            foreach (var (_, type) in group)
            {
                var summary = docs.Summary(type);
                if (summary.Length > 0)
                {
                    text.Append(summary).Append("\n\n");
                }
            }
            text.Append("| Key | Type | Default | Constraints | Meaning |\n|---|---|---|---|---|\n");
            foreach (var (_, type) in group)
            {
                foreach (var row in Rows(group.Key, type, Activator.CreateInstance(type, nonPublic: true)!, docs))
                {
                    text.Append(CultureInfo.InvariantCulture,
                        $"| `{row.Key}` | {row.Type} | {Cell(row.Default)} | {Cell(row.Constraints)} | {Cell(row.Meaning)} |\n");
                }
            }
        }
        return text.ToString();
    }

    private sealed record Row(string Key, string Type, string Default, string Constraints, string Meaning);

    /// <summary>The keys of one options class; defaults are <paramref name="instance"/>'s values (a parent may preset them).</summary>
    private static IEnumerable<Row> Rows(string prefix, Type type, object instance, XmlDocs docs)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            var key = $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var meaning = docs.Summary(property);
            var constraints = Constraints(property);
            if (IsOptionsClass(propertyType))
            {
                var value = property.GetValue(instance);
                yield return new Row(key, "section", value is null ? "unset (off)" : "", constraints, meaning);
                foreach (var row in Rows(key, propertyType, value ?? Activator.CreateInstance(propertyType, nonPublic: true)!, docs))
                {
                    yield return row;
                }
                continue;
            }
            if (DictionaryTypes(propertyType) is { } map)
            {
                yield return new Row($"{key}:{KeyPlaceholder(map.Key)}", TypeName(map.Value), Format(property.GetValue(instance)), constraints, meaning);
                continue;
            }
            if (ElementType(propertyType) is { } element)
            {
                if (IsOptionsClass(element))
                {
                    yield return new Row($"{key}:N", "list of sections", "none", constraints, meaning);
                    foreach (var row in Rows($"{key}:N", element, Activator.CreateInstance(element, nonPublic: true)!, docs))
                    {
                        yield return row;
                    }
                }
                else
                {
                    yield return new Row($"{key}:N", $"list of {TypeName(element)}", Format(property.GetValue(instance)), constraints, meaning);
                }
                continue;
            }
            if (property.SetMethod is null && property.GetMethod?.IsStatic != false)
            {
                continue;
            }
            yield return new Row(key, TypeName(propertyType), Format(property.GetValue(instance)), constraints, meaning);
        }
    }

    private static bool IsOptionsClass(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(Uri) && type.Namespace?.StartsWith("CardBridge", StringComparison.Ordinal) == true;

    private static (Type Key, Type Value)? DictionaryTypes(Type type)
    {
        var map = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return map is null ? null : (map.GetGenericArguments()[0], map.GetGenericArguments()[1]);
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }
        var sequence = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return sequence?.GetGenericArguments()[0];
    }

    private static string KeyPlaceholder(Type key) => key == typeof(string) ? "NAME" : "INDEX";

    private static string TypeName(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return string.Join(" \\| ", Enum.GetNames(type));
        }
        return type switch
        {
            _ when type == typeof(string) => "text",
            _ when type == typeof(bool) => "true \\| false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(byte) || type == typeof(uint) => "integer",
            _ when type == typeof(double) => "number",
            _ when type == typeof(TimeSpan) => "duration",
            _ when type == typeof(Uri) => "URL",
            _ => type.Name,
        };
    }

    private static string Format(object? value) => value switch
    {
        null => "none",
        string { Length: 0 } => "empty",
        string s => $"`{s}`",
        bool b => b ? "`true`" : "`false`",
        TimeSpan t => $"`{t.ToString("c", CultureInfo.InvariantCulture)}`",
        IFormattable f => $"`{f.ToString(null, CultureInfo.InvariantCulture)}`",
        IDictionary d when d.Count == 0 => "none",
        IDictionary d => string.Join(", ", d.Keys.Cast<object>().Select(k => $"`{k}`={Format(d[k])}")),
        IEnumerable e when !e.Cast<object>().Any() => "none",
        IEnumerable e => string.Join(", ", e.Cast<object>().Select(Format)),
        _ => $"`{value}`",
    };

    private static string Constraints(PropertyInfo property)
    {
        var parts = new List<string>();
        foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
        {
            switch (attribute)
            {
                case RequiredAttribute:
                    parts.Add("required");
                    break;
                case RangeAttribute { Maximum: double and >= (double)long.MaxValue or int.MaxValue } range:
                    parts.Add($"at least {range.Minimum}");
                    break;
                case RangeAttribute range:
                    parts.Add($"{range.Minimum} to {range.Maximum}");
                    break;
                case RegularExpressionAttribute pattern:
                    parts.Add($"matches `{pattern.Pattern}`");
                    break;
                case MinLengthAttribute length:
                    parts.Add($"at least {length.Length}");
                    break;
                default:
                    break;
            }
        }
        return string.Join("; ", parts);
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>The XML doc summaries of the options assemblies, as Markdown text on one line.</summary>
    private sealed class XmlDocs
    {
        private readonly Dictionary<string, XElement> _members = new(StringComparer.Ordinal);

        public XmlDocs()
        {
            foreach (var file in new[] { "cardbridge-service.xml", "CardBridge.Journal.xml", "CardBridge.Settlement.xml", "CardBridge.Qr.xml", "CardBridge.Transit.xml", "CardBridge.Terminal.xml" })
            {
                var document = XDocument.Load(Path.Combine(AppContext.BaseDirectory, file));
                foreach (var member in document.Descendants("member"))
                {
                    _members[(string)member.Attribute("name")!] = member;
                }
            }
        }

        public string Summary(Type type) => Summary($"T:{type.FullName}");

        public string Summary(PropertyInfo property) => Summary($"P:{property.DeclaringType!.FullName}.{property.Name}");

        private string Summary(string id)
        {
            if (!_members.TryGetValue(id, out var member) || member.Element("summary") is not { } summary)
            {
                return "";
            }
            var text = new StringBuilder();
            foreach (var node in summary.Nodes())
            {
                text.Append(node switch
                {
                    XText t => t.Value,
                    XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
                    XElement { Name.LocalName: "see" } see => $"`{Reference(see)}`",
                    XElement e => e.Value,
                    _ => "",
                });
            }
            return Spaces().Replace(text.ToString(), " ").Trim();
        }

        private static string Reference(XElement see)
        {
            var cref = (string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? "";
            var name = cref[(cref.IndexOf(':', StringComparison.Ordinal) + 1)..];
            var parts = name.Split('.');
            return parts.Length >= 2 && cref.StartsWith("T:", StringComparison.Ordinal) ? parts[^1] : string.Join('.', parts.TakeLast(2));
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
