using static CardBridge.Pcsc.ReaderChangeKind;

namespace CardBridge.Pcsc.Tests;

public sealed class ReaderSnapshotDiffTests
{
    private static readonly byte[] AtrA = Convert.FromHexString("3B8880010000000000000000");
    private static readonly byte[] AtrB = Convert.FromHexString("3B6800000073C84013009000");

    private static Dictionary<string, ReaderSlot> Snapshot(params (string Reader, byte[]? Atr, int Counter)[] readers) =>
        readers.ToDictionary(r => r.Reader, r => new ReaderSlot(r.Atr is not null, r.Atr ?? ReadOnlyMemory<byte>.Empty, r.Counter), StringComparer.Ordinal);

    private static IReadOnlyList<ReaderChange> Diff(Dictionary<string, ReaderSlot> before, Dictionary<string, ReaderSlot> after) =>
        ReaderSnapshotDiff.Compute(before, after);

    private static string Describe(ReaderChange change) => change.Kind switch
    {
        CardInserted => $"CardInserted({change.Reader},{Convert.ToHexString(change.Atr.Span)})",
        _ => $"{change.Kind} {{ Reader = {change.Reader} }}",
    };

    private static void AssertEvents(IReadOnlyList<ReaderChange> actual, params string[] expected) =>
        Assert.Equal(expected, actual.Select(Describe));

    [Fact]
    public void First_snapshot_attaches_every_reader_and_inserts_present_cards_in_name_order()
    {
        var events = Diff(Snapshot(), Snapshot(("R1", null, 0), ("R0", AtrA, 1)));

        AssertEvents(events,
            "ReaderAttached { Reader = R0 }",
            $"CardInserted(R0,{Convert.ToHexString(AtrA)})",
            "ReaderAttached { Reader = R1 }");
    }

    [Fact]
    public void Unchanged_snapshot_gives_no_events()
    {
        Assert.Empty(Diff(Snapshot(("R0", AtrA, 3), ("R1", null, 2)), Snapshot(("R0", AtrA, 3), ("R1", null, 2))));
    }

    [Fact]
    public void Reader_leaving_with_a_card_reports_removal_before_detach()
    {
        AssertEvents(Diff(Snapshot(("R0", AtrA, 1)), Snapshot()),
            "CardRemoved { Reader = R0 }",
            "ReaderDetached { Reader = R0 }");
    }

    [Fact]
    public void Detaches_come_before_attaches()
    {
        AssertEvents(Diff(Snapshot(("B", null, 0)), Snapshot(("A", null, 0))),
            "ReaderDetached { Reader = B }",
            "ReaderAttached { Reader = A }");
    }

    [Fact]
    public void Card_arriving_and_leaving_are_reported()
    {
        AssertEvents(Diff(Snapshot(("R0", null, 0)), Snapshot(("R0", AtrA, 1))), $"CardInserted(R0,{Convert.ToHexString(AtrA)})");
        AssertEvents(Diff(Snapshot(("R0", AtrA, 1)), Snapshot(("R0", null, 2))), "CardRemoved { Reader = R0 }");
    }

    [Fact]
    public void Card_swapped_between_polls_with_a_new_atr_is_removed_then_inserted()
    {
        AssertEvents(Diff(Snapshot(("R0", AtrA, 1)), Snapshot(("R0", AtrB, 3))),
            "CardRemoved { Reader = R0 }",
            $"CardInserted(R0,{Convert.ToHexString(AtrB)})");
    }

    [Fact]
    public void Same_card_reinserted_between_polls_is_caught_by_the_event_counter()
    {
        AssertEvents(Diff(Snapshot(("R0", AtrA, 1)), Snapshot(("R0", AtrA, 3))),
            "CardRemoved { Reader = R0 }",
            $"CardInserted(R0,{Convert.ToHexString(AtrA)})");
    }

    [Fact]
    public void Counter_change_without_a_card_reports_nothing()
    {
        Assert.Empty(Diff(Snapshot(("R0", null, 1)), Snapshot(("R0", null, 3))));
    }

    [Fact]
    public void Service_loss_diff_to_empty_detaches_everything()
    {
        AssertEvents(Diff(Snapshot(("R0", AtrA, 1), ("R1", null, 0)), Snapshot()),
            "CardRemoved { Reader = R0 }",
            "ReaderDetached { Reader = R0 }",
            "ReaderDetached { Reader = R1 }");
    }

    [Fact]
    public void Replaying_a_diff_reconstructs_the_target_snapshot()
    {
        // Property over many random pairs: applying the events to "before" yields "after" (reader set and
        // card presence), and a card is never inserted twice without a removal in between.
        var random = new Random(7816);
        for (var round = 0; round < 2000; round++)
        {
            var before = RandomSnapshot(random);
            var after = RandomSnapshot(random);
            var state = before.ToDictionary(p => p.Key, p => p.Value.CardPresent, StringComparer.Ordinal);
            foreach (var change in Diff(before, after))
            {
                switch (change.Kind)
                {
                    case ReaderAttached:
                        Assert.True(state.TryAdd(change.Reader, false));
                        break;
                    case ReaderDetached:
                        Assert.False(state[change.Reader]);
                        Assert.True(state.Remove(change.Reader));
                        break;
                    case CardInserted:
                        Assert.False(state[change.Reader]);
                        state[change.Reader] = true;
                        break;
                    case CardRemoved:
                        Assert.True(state[change.Reader]);
                        state[change.Reader] = false;
                        break;
                }
            }
            Assert.Equal(after.ToDictionary(p => p.Key, p => p.Value.CardPresent).OrderBy(p => p.Key), state.OrderBy(p => p.Key));
        }
    }

    private static Dictionary<string, ReaderSlot> RandomSnapshot(Random random)
    {
        var snapshot = new Dictionary<string, ReaderSlot>(StringComparer.Ordinal);
        foreach (var reader in new[] { "R0", "R1", "R2", "R3" })
        {
            if (random.Next(3) > 0)
            {
                var atr = random.Next(3) switch { 0 => null, 1 => AtrA, _ => AtrB };
                snapshot[reader] = new ReaderSlot(atr is not null, atr ?? ReadOnlyMemory<byte>.Empty, random.Next(3));
            }
        }
        return snapshot;
    }
}
