namespace CardBridge.Pcsc;

/// <summary>Turns two reader snapshots into the changes that lead from one to the other.</summary>
internal static class ReaderSnapshotDiff
{
    /// <summary>
    /// Events from <paramref name="before"/> to <paramref name="after"/>, readers in ordinal name order: first
    /// the readers that left (CardRemoved if they held a card, then ReaderDetached), then for each remaining or
    /// new reader ReaderAttached and the card changes. A card present in both snapshots whose ATR or event
    /// counter changed was swapped between polls: CardRemoved then CardInserted.
    /// </summary>
    public static IReadOnlyList<ReaderChange> Compute(
        IReadOnlyDictionary<string, ReaderSlot> before,
        IReadOnlyDictionary<string, ReaderSlot> after)
    {
        var events = new List<ReaderChange>();
        foreach (var (reader, old) in before.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (after.ContainsKey(reader))
            {
                continue;
            }
            if (old.CardPresent)
            {
                events.Add(new ReaderChange(ReaderChangeKind.CardRemoved, reader));
            }
            events.Add(new ReaderChange(ReaderChangeKind.ReaderDetached, reader));
        }
        foreach (var (reader, now) in after.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!before.TryGetValue(reader, out var old))
            {
                events.Add(new ReaderChange(ReaderChangeKind.ReaderAttached, reader));
                if (now.CardPresent)
                {
                    events.Add(new ReaderChange(ReaderChangeKind.CardInserted, reader, now.Atr));
                }
                continue;
            }
            var swapped = old.CardPresent && now.CardPresent
                && (old.EventCount != now.EventCount || !old.Atr.Span.SequenceEqual(now.Atr.Span));
            if (old.CardPresent && (!now.CardPresent || swapped))
            {
                events.Add(new ReaderChange(ReaderChangeKind.CardRemoved, reader));
            }
            if (now.CardPresent && (!old.CardPresent || swapped))
            {
                events.Add(new ReaderChange(ReaderChangeKind.CardInserted, reader, now.Atr));
            }
        }
        return events;
    }
}
