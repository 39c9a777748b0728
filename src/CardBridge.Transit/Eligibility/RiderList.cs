using System.Collections.Frozen;

namespace CardBridge.Transit.Eligibility;

/// <summary>One synced rider list: the riders of a category (or the hot list), with the version and time of its sync.</summary>
/// <param name="Name">The list's name: <c>hot</c> for the hot list, otherwise a holder category (<c>disabled</c>, <c>veteran</c>…).</param>
/// <param name="Version">The publisher's version of the list.</param>
/// <param name="SyncedAt">When the publisher last produced or confirmed it to this terminal; its age is measured from here.</param>
/// <param name="Entries">The riders' keyed hashes (<see cref="RiderKeys"/>).</param>
public sealed record RiderList(string Name, string Version, DateTimeOffset SyncedAt, FrozenSet<string> Entries)
{
    /// <summary>Whether the list is older than <paramref name="maxAge"/> at <paramref name="instant"/>.</summary>
    public bool IsStale(DateTimeOffset instant, TimeSpan maxAge) => instant - SyncedAt > maxAge;

    /// <summary>Whether any of <paramref name="keys"/> is on the list.</summary>
    public bool ContainsAny(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Any(Entries.Contains);
    }

    /// <summary>Describes the list without its entries.</summary>
    public override string ToString() => $"rider list {Name} version {Version} synced {SyncedAt:O} ({Entries.Count} entries)";
}
