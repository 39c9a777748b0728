namespace CardBridge.Cards.Layout;

/// <summary>A linear record file read by SFI whose records each hold one data element as tag, length, value.</summary>
public sealed record RecordFileLayout
{
    /// <summary>Short file identifier (READ RECORD P2 = SFI &lt;&lt; 3 | 4).</summary>
    public int Sfi { get; init; }

    /// <summary>Data element tag (hex, e.g. "4E") → its record number and value size.</summary>
    public IReadOnlyDictionary<string, DataElementSlot> Elements { get; init; } = new Dictionary<string, DataElementSlot>();

    /// <summary>The slot of <paramref name="tag"/>; the layout has been validated to hold every tag the reader needs.</summary>
    public DataElementSlot SlotOf(string tag) =>
        Elements.TryGetValue(tag, out var slot)
            ? slot
            : Elements.FirstOrDefault(e => string.Equals(e.Key, tag, StringComparison.OrdinalIgnoreCase)).Value
              ?? throw new CardLayoutException(tag, "the layout has no record for this tag");
}

/// <summary>Where one data element lives: its record number and the size of its value in bytes.</summary>
/// <param name="Record">Record number in the file (READ RECORD P1).</param>
/// <param name="Length">Size of the value; the record is tag ‖ length ‖ value, so READ RECORD asks Le = Length + 2.</param>
public sealed record DataElementSlot(int Record, int Length)
{
    /// <summary>The exact Le of the READ RECORD that fetches this element (short BER length: one tag byte, one length byte).</summary>
    public int RecordLength => Length + (Length > 0x7F ? 3 : 2);
}
