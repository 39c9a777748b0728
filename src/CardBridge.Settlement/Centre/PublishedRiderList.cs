namespace CardBridge.Settlement.Centre;

/// <summary>
/// One list of the centre's answer to a rider-list download (<c>CB02</c>): either "unchanged" (the terminal's version
/// is the centre's current one, <see cref="Entries"/> null) or the whole new list.
/// </summary>
/// <param name="Name">The list's name.</param>
/// <param name="Version">The centre's current version of the list.</param>
/// <param name="Entries">The keyed entries of the new list (lower-case hex as the centre sent them); null when unchanged.</param>
public sealed record PublishedRiderList(string Name, string Version, IReadOnlyList<string>? Entries)
{
    /// <summary>True when the terminal's copy is current: nothing to replace, only to confirm.</summary>
    public bool Unchanged => Entries is null;

    /// <summary>Describes the list without its entries.</summary>
    public override string ToString() =>
        Unchanged ? $"rider list {Name} {Version} unchanged" : $"rider list {Name} {Version} ({Entries!.Count} entries)";
}
