using System.Globalization;
using System.Text.Json;
using CardBridge.Cards;

namespace CardBridge.Settlement.Centre;

/// <summary>
/// How the platform writes values (DESIGN §9), for every transaction family: money as yuan with two decimals on the wire
/// and integer fen in the domain, Beijing time as <c>yyyy-MM-dd HH:mm:ss</c>. Reading an answer never throws anything
/// but <see cref="CentreProtocolException"/>.
/// </summary>
internal static class CentreJson
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    // The platform caps decimal amounts well below this; anything larger cannot be a bill and would overflow fen.
    private const decimal MaxYuan = 90_000_000_000_000m;

    public static string Format(DateTimeOffset time) =>
        ChinaStandardTime.Of(time).ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static void WriteMoney(Utf8JsonWriter w, string name, long fen) => w.WriteNumber(name, fen / 100m);

    public static JsonElement Member(JsonElement parent, string name, JsonValueKind kind)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            throw new CentreProtocolException($"The centre's answer has no '{name}'");
        }
        if (value.ValueKind != kind)
        {
            throw new CentreProtocolException($"'{name}' is a JSON {value.ValueKind}, not {kind}");
        }
        return value;
    }

    /// <summary>The objects of the array <paramref name="name"/>; anything else in it is a protocol error.</summary>
    public static IEnumerable<JsonElement> Objects(JsonElement parent, string name)
    {
        foreach (var entry in Member(parent, name, JsonValueKind.Array).EnumerateArray())
        {
            yield return entry.ValueKind == JsonValueKind.Object ? entry : throw new CentreProtocolException($"A {name} entry is not an object");
        }
    }

    public static string RequiredString(JsonElement parent, string name)
    {
        var value = OptionalString(parent, name);
        return string.IsNullOrEmpty(value) ? throw new CentreProtocolException($"The centre's answer has no '{name}'") : value;
    }

    public static string? OptionalString(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new CentreProtocolException($"'{name}' is a JSON {value.ValueKind}, not a string"),
        };
    }

    public static int Integer(JsonElement parent, string name)
    {
        var text = OptionalString(parent, name) ?? throw new CentreProtocolException($"The centre's answer has no '{name}'");
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CentreProtocolException($"'{name}' is not an integer");
    }

    public static long Fen(JsonElement parent, string name) =>
        OptionalFen(parent, name) ?? throw new CentreProtocolException($"The centre's answer has no '{name}'");

    public static long? OptionalFen(JsonElement parent, string name)
    {
        var text = OptionalString(parent, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var yuan) || Math.Abs(yuan) > MaxYuan)
        {
            throw new CentreProtocolException($"'{name}' is not an amount");
        }
        var fen = yuan * 100m;
        return fen == decimal.Truncate(fen)
            ? (long)fen
            : throw new CentreProtocolException($"'{name}' has a fraction of a fen");
    }

    public static DateTimeOffset? OptionalTime(JsonElement parent, string name)
    {
        var text = OptionalString(parent, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || local < DateTime.MinValue + ChinaStandardTime.Offset)
        {
            throw new CentreProtocolException($"'{name}' is not a time");
        }
        return new DateTimeOffset(local, ChinaStandardTime.Offset);
    }

    public static DateOnly? OptionalDate(JsonElement parent, string name)
    {
        var text = OptionalString(parent, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CentreProtocolException($"'{name}' is not a date");
    }
}
