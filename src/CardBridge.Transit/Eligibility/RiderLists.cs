using System.Collections.Frozen;
using System.Text.Json;

namespace CardBridge.Transit.Eligibility;

/// <summary>
/// One consistent set of rider lists: the hot list and the category lists, as one list document holds them. Immutable;
/// a sync replaces the whole set at once. The document is JSON:
/// <code>
/// { "lists": [
///     { "name": "hot",      "version": "2026-11-28.1", "syncedAt": "2026-11-28T02:00:00+08:00", "entries": ["&lt;hex&gt;", …] },
///     { "name": "disabled", "version": "…",            "syncedAt": "…",                         "entries": [ … ] } ] }
/// </code>
/// Entries are <see cref="RiderKeys"/> hashes. A list name appears once; a missing hot list is an empty one.
/// </summary>
public sealed class RiderLists
{
    /// <summary>The name of the hot list.</summary>
    public const string HotListName = "hot";

    private RiderLists(RiderList? hot, FrozenDictionary<string, RiderList> categories)
    {
        Hot = hot;
        Categories = categories;
    }

    /// <summary>No lists at all: nobody is hot-listed, no category rides free.</summary>
    public static RiderLists Empty { get; } = new(null, FrozenDictionary<string, RiderList>.Empty);

    /// <summary>The hot list; null when the document has none.</summary>
    public RiderList? Hot { get; }

    /// <summary>The category lists by name (ordinal, case-insensitive).</summary>
    public FrozenDictionary<string, RiderList> Categories { get; }

    /// <summary>Builds a set from lists; the one named <see cref="HotListName"/> is the hot list.</summary>
    /// <exception cref="RiderListException">A name repeats or is empty.</exception>
    public static RiderLists Of(IEnumerable<RiderList> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        RiderList? hot = null;
        var categories = new Dictionary<string, RiderList>(StringComparer.OrdinalIgnoreCase);
        foreach (var list in lists)
        {
            if (string.IsNullOrWhiteSpace(list.Name))
            {
                throw new RiderListException("A rider list has no name.");
            }
            if (string.Equals(list.Name, HotListName, StringComparison.OrdinalIgnoreCase))
            {
                if (hot is not null)
                {
                    throw new RiderListException("The hot list appears twice.");
                }
                hot = list;
            }
            else if (!categories.TryAdd(list.Name, list))
            {
                throw new RiderListException($"The rider list '{list.Name}' appears twice.");
            }
        }
        return new RiderLists(hot, categories.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The set after a publisher's answer at <paramref name="now"/>: a replaced list is the new one, a confirmed list is
    /// the held one synced now (its age restarts: the publisher vouched for it), a list the answer does not name is
    /// kept as it is (and ages). The whole answer is checked before anything is built, so a bad answer yields nothing.
    /// </summary>
    /// <exception cref="RiderListException">The answer names a list twice, confirms a version not held, or has an entry that is no key.</exception>
    public RiderLists Apply(IReadOnlyList<RiderListChange> answer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var held = (Hot is null ? Categories.Values : Categories.Values.Prepend(Hot)).ToDictionary(l => l.Name, StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var change in answer)
        {
            if (change is null || string.IsNullOrWhiteSpace(change.Name) || string.IsNullOrWhiteSpace(change.Version))
            {
                throw new RiderListException("Every list of a sync answer needs a name and a version.");
            }
            if (!seen.Add(change.Name))
            {
                throw new RiderListException($"The rider list '{change.Name}' appears twice in the sync answer.");
            }
            if (change.Entries is null)
            {
                if (!held.TryGetValue(change.Name, out var mine) || mine.Version != change.Version)
                {
                    throw new RiderListException($"The sync answer confirms version {change.Version} of the rider list '{change.Name}', which is not held.");
                }
                held[change.Name] = mine with { SyncedAt = now };
            }
            else
            {
                held[change.Name] = new RiderList(change.Name, change.Version, now, Keys(change.Name, change.Entries));
            }
        }
        return Of(held.Values);
    }

    /// <summary>Parses a list document.</summary>
    /// <exception cref="RiderListException">The document is not a valid list document.</exception>
    public static RiderLists Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var document = JsonSerializer.Deserialize(json, RiderListJson.Default.Document)
                ?? throw new RiderListException("The rider list document is null.");
            if (document.Lists is null)
            {
                throw new RiderListException("The rider list document has no 'lists' array.");
            }
            return Of(document.Lists.Select(ToList));
        }
        catch (JsonException e)
        {
            throw new RiderListException($"The rider list document is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>The list document of this set (what <see cref="Parse"/> reads).</summary>
    public byte[] ToJson()
    {
        var lists = (Hot is null ? Categories.Values : Categories.Values.Prepend(Hot))
            .Select(l => (RiderListDto?)new RiderListDto { Name = l.Name, Version = l.Version, SyncedAt = l.SyncedAt, Entries = [.. l.Entries.Order(StringComparer.Ordinal)] })
            .ToList();
        return JsonSerializer.SerializeToUtf8Bytes(new RiderListDocumentDto { Lists = lists }, RiderListJson.Default.Document);
    }

    private static RiderList ToList(RiderListDto? dto)
    {
        if (dto is null || string.IsNullOrWhiteSpace(dto.Name) || string.IsNullOrWhiteSpace(dto.Version) || dto.SyncedAt is null || dto.Entries is null)
        {
            throw new RiderListException("Every rider list needs 'name', 'version', 'syncedAt' and 'entries'.");
        }
        return new RiderList(dto.Name, dto.Version, dto.SyncedAt.Value, Keys(dto.Name, dto.Entries!));
    }

    private static FrozenSet<string> Keys(string name, IEnumerable<string?> entries)
    {
        var keys = entries.ToList();
        if (keys.Any(e => e is null || e.Length != 64 || !e.All(char.IsAsciiHexDigit)))
        {
            throw new RiderListException($"The rider list '{name}' has an entry that is not a 64-digit hex key.");
        }
        return keys.Select(e => e!.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);
    }
}
