using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Centre;

/// <summary>
/// The rider lists the simulated centre publishes to fare gates (CardBridge's own transaction <c>CB02</c>): the hot
/// list and the free category lists of the simulator's transit riders, each entry HMAC-SHA256 under the list key over
/// <c>card:</c> and the card number, as lower-case hex — computed here, independently of the gate's code. Every change
/// (<see cref="Add"/>, <see cref="Remove"/>) gives the list a new version <c>sim-N</c>.
/// </summary>
internal sealed class CentreRiderLists
{
    private readonly byte[] _key;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, PublishedList> _lists = new(StringComparer.Ordinal);

    public CentreRiderLists(ReadOnlyMemory<byte> key, IEnumerable<TransitRider> riders)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The rider list key must be at least 32 bytes.", nameof(key));
        }
        _key = key.ToArray();
        foreach (var group in riders.Where(r => r.List is not null).GroupBy(r => r.List!, StringComparer.Ordinal))
        {
            _lists[group.Key] = new PublishedList(1, new HashSet<string>(group.Select(r => r.CardNumber), StringComparer.Ordinal));
        }
    }

    /// <summary>The current version of a list; null when the centre publishes none of that name.</summary>
    public string? Version(string list)
    {
        lock (_lock)
        {
            return _lists.TryGetValue(list, out var published) ? VersionText(published.Version) : null;
        }
    }

    /// <summary>Puts a card on a list (created when new) and gives the list its next version, which it returns.</summary>
    public string Add(string list, string cardNumber) => Change(list, cards => cards.Add(cardNumber));

    /// <summary>Takes a card off a list and gives the list its next version, which it returns.</summary>
    public string Remove(string list, string cardNumber) => Change(list, cards => cards.Remove(cardNumber));

    /// <summary>The list entry of a card number: what a gate holding the same key computes for it.</summary>
    public string Entry(string cardNumber) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("card:" + cardNumber)));

    /// <summary>The CB02 output for a terminal holding <paramref name="held"/> (name → version): each list unchanged or in full.</summary>
    public JsonObject Answer(IReadOnlyDictionary<string, string> held)
    {
        var lists = new JsonArray();
        lock (_lock)
        {
            foreach (var (name, published) in _lists)
            {
                var version = VersionText(published.Version);
                var entry = new JsonObject { ["list_name"] = name, ["list_ver"] = version };
                if (held.TryGetValue(name, out var mine) && mine == version)
                {
                    entry["chg_stas"] = "0";
                }
                else
                {
                    entry["chg_stas"] = "1";
                    entry["entries"] = new JsonArray([.. published.Cards.Select(Entry).Order(StringComparer.Ordinal).Select(e => (JsonNode)JsonValue.Create(e))]);
                }
                lists.Add(entry);
            }
        }
        return new JsonObject { ["lists"] = lists };
    }

    private string Change(string list, Action<HashSet<string>> change)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(list);
        lock (_lock)
        {
            var cards = _lists.TryGetValue(list, out var published) ? new HashSet<string>(published.Cards, StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);
            change(cards);
            var next = new PublishedList((published?.Version ?? 0) + 1, cards);
            _lists[list] = next;
            return VersionText(next.Version);
        }
    }

    private static string VersionText(int version) => string.Create(CultureInfo.InvariantCulture, $"sim-{version}");

    private sealed record PublishedList(int Version, HashSet<string> Cards);
}
