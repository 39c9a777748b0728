using System.Globalization;
using System.Text.Json;

namespace CardBridge.Simulation.Profiles;

/// <summary>
/// Typed reads from one JSON object of a profile, each failure a <see cref="CardProfileException"/> that names
/// the field by its dotted path.
/// </summary>
internal readonly struct JsonFields
{
    private readonly JsonElement _element;

    private JsonFields(string source, string path, JsonElement element)
    {
        Source = source;
        Path = path;
        _element = element;
    }

    public string Source { get; }

    public string Path { get; }

    /// <summary>Parses a whole file; its root must be an object.</summary>
    public static JsonFields Parse(string source, string json, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException e)
        {
            throw new CardProfileException(source, "", $"not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new CardProfileException(source, "", "the top level must be a JSON object");
        }
        return new JsonFields(source, "", document.RootElement);
    }

    public CardProfileException Error(string name, string problem) => new(Source, Child(name), problem);

    public bool Has(string name) => _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>Rejects properties other than <paramref name="known"/>: a misspelt field must not silently fall back to a default.</summary>
    public void RejectUnknown(params ReadOnlySpan<string> known)
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw Error(property.Name, $"is not a known field (known: {string.Join(", ", known.ToArray())})");
            }
        }
    }

    public IEnumerable<string> PropertyNames() => _element.EnumerateObject().Select(p => p.Name);

    public string String(string name) =>
        OptionalString(name) ?? throw Error(name, "is required");

    public string? OptionalString(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Error(name, $"must be a string, not {value.ValueKind}");
    }

    public int Int(string name, int? fallback = null, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback ?? throw Error(name, "is required");
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw Error(name, "must be an integer");
        }
        if (number < min || number > max)
        {
            throw Error(name, string.Create(CultureInfo.InvariantCulture, $"{number} is outside {min}..{max}"));
        }
        return number;
    }

    public long Long(string name, long fallback)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0
            ? number
            : throw Error(name, "must be a non-negative integer");
    }

    public bool Bool(string name, bool fallback)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(name, "must be true or false"),
        };
    }

    public byte[] Hex(string name, int? length = null) =>
        OptionalHex(name, length) ?? throw Error(name, "is required");

    public byte[]? OptionalHex(string name, int? length = null)
    {
        if (OptionalString(name) is not { } text)
        {
            return null;
        }
        var bytes = ParseHex(text, Child(name));
        if (length is { } expected && bytes.Length != expected)
        {
            throw Error(name, $"must be {expected} bytes of hex, got {bytes.Length}");
        }
        return bytes;
    }

    public DateOnly Date(string name)
    {
        var text = String(name);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Error(name, $"'{text}' is not a date yyyy-MM-dd");
    }

    public T Enum<T>(string name, T? fallback = null) where T : struct, System.Enum
    {
        if (OptionalString(name) is not { } text)
        {
            return fallback ?? throw Error(name, "is required");
        }
        return System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value)
            ? value
            : throw Error(name, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}");
    }

    public JsonFields Object(string name) =>
        OptionalObject(name) ?? throw Error(name, "is required");

    public JsonFields? OptionalObject(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Object
            ? new JsonFields(Source, Child(name), value)
            : throw Error(name, "must be an object");
    }

    /// <summary>The elements of an array of objects (empty when the array is absent).</summary>
    public IReadOnlyList<JsonFields> Objects(string name)
    {
        var result = new List<JsonFields>();
        var index = 0;
        foreach (var item in Array(name))
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{Child(name)}[{index++}]");
            result.Add(item.ValueKind == JsonValueKind.Object
                ? new JsonFields(Source, path, item)
                : throw new CardProfileException(Source, path, "must be an object"));
        }
        return result;
    }

    /// <summary>The elements of an array of strings (empty when the array is absent).</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        var result = new List<string>();
        var index = 0;
        foreach (var item in Array(name))
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{Child(name)}[{index++}]");
            result.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new CardProfileException(Source, path, "must be a string"));
        }
        return result;
    }

    /// <summary>Runs <paramref name="parse"/> on a field's text, turning its <see cref="FormatException"/> into a profile error.</summary>
    public T Convert<T>(string name, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var text = String(name);
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            throw new CardProfileException(Source, Child(name), e.Message, e);
        }
    }

    public static byte[] ParseHex(string text, string source, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var compact = text.Replace(" ", "", StringComparison.Ordinal);
        try
        {
            return System.Convert.FromHexString(compact);
        }
        catch (FormatException e)
        {
            throw new CardProfileException(source, path, $"'{text}' is not hex", e);
        }
    }

    private byte[] ParseHex(string text, string path) => ParseHex(text, Source, path);

    private JsonElement[] Array(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        return value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray()]
            : throw Error(name, "must be an array");
    }

    private string Child(string name) => Path.Length == 0 ? name : $"{Path}.{name}";
}
