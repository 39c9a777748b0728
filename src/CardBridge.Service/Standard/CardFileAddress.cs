using CardBridge.Service.Api;

namespace CardBridge.Service.Standard;

/// <summary>The files iReadCard reads here.</summary>
internal enum StandardFile
{
    /// <summary>The SSSE's EF05, card identification: tags 01–07.</summary>
    CardInfo,

    /// <summary>The SSSE's EF06, the holder: tags 08, 09, 4E, 0A–0D.</summary>
    Holder,

    /// <summary>DF04's EF05, the medical insurance basics: tags 81 and 8F.</summary>
    MedicalBasics,
}

/// <summary>One file of an address and the data elements asked of it, in order.</summary>
internal sealed record CardFileRequest(StandardFile File, IReadOnlyList<string> Tags);

/// <summary>
/// An iReadCard file address: one or more <c>FILE|tag|tag|…|$</c> (e.g. <c>DF04EF05|81|8F|$</c>), the SSSE's files named
/// <c>DDF1EF05</c>, <c>SSSEEF05</c> or <c>3F00EF05</c> (and EF06 likewise) as callers write them. Anything else is
/// INVALID_REQUEST naming <c>file_address</c>.
/// </summary>
internal static class CardFileAddress
{
    private const string Field = "file_address";
    private const int MaxTags = 32;

    private static readonly Dictionary<string, StandardFile> Files = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DDF1EF05"] = StandardFile.CardInfo,
        ["SSSEEF05"] = StandardFile.CardInfo,
        ["3F00EF05"] = StandardFile.CardInfo,
        ["DDF1EF06"] = StandardFile.Holder,
        ["SSSEEF06"] = StandardFile.Holder,
        ["3F00EF06"] = StandardFile.Holder,
        ["DF04EF05"] = StandardFile.MedicalBasics,
    };

    private static readonly Dictionary<StandardFile, string[]> TagsOf = new()
    {
        [StandardFile.CardInfo] = ["01", "02", "03", "04", "05", "06", "07"],
        [StandardFile.Holder] = ["08", "09", "4E", "0A", "0B", "0C", "0D"],
        [StandardFile.MedicalBasics] = ["81", "8F"],
    };

    public static IReadOnlyList<CardFileRequest> Parse(string address)
    {
        var groups = address.Split('$');
        if (groups.Length < 2 || groups[^1].Length > 0)
        {
            throw Invalid("one or more FILE|tag|…|$, e.g. DF04EF05|81|8F|$");
        }
        var requests = new List<CardFileRequest>();
        foreach (var group in groups[..^1])
        {
            var parts = group.Split('|');
            if (parts.Length < 3 || parts[^1].Length > 0 || !Files.TryGetValue(parts[0], out var file))
            {
                throw Invalid($"'{Cut(group)}' is not FILE|tag|…| of a file this service reads ({string.Join(", ", Files.Keys)})");
            }
            var tags = parts[1..^1].Select(t => t.ToUpperInvariant()).ToList();
            if (tags.FirstOrDefault(t => !TagsOf[file].Contains(t)) is { } unknown)
            {
                throw Invalid($"{parts[0]} has no tag '{Cut(unknown)}' here ({string.Join(", ", TagsOf[file])})");
            }
            requests.Add(new CardFileRequest(file, tags));
        }
        return requests.Sum(r => r.Tags.Count) <= MaxTags ? requests : throw Invalid($"more than {MaxTags} tags");
    }

    private static Grpc.Core.RpcException Invalid(string message) => RpcErrors.InvalidRequest(Field, message);

    private static string Cut(string text) => text.Length <= 16 ? text : text[..16] + "…";
}
