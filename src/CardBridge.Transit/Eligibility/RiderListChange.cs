namespace CardBridge.Transit.Eligibility;

/// <summary>One list of a publisher's answer to a sync: confirmed as held (<see cref="Entries"/> null), or replaced.</summary>
/// <param name="Name">The list's name.</param>
/// <param name="Version">The publisher's current version.</param>
/// <param name="Entries">The new list's keyed entries (<see cref="RiderKeys"/>); null when the held version is current.</param>
public sealed record RiderListChange(string Name, string Version, IReadOnlyCollection<string>? Entries)
{
    /// <summary>True when the held list is current and only confirmed.</summary>
    public bool Unchanged => Entries is null;
}
