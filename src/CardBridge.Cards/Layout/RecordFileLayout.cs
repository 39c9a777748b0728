namespace CardBridge.Cards.Layout;

/// <summary>A linear record file read by SFI whose records each hold one data element as tag, length, value.</summary>
public sealed record RecordFileLayout
{
    /// <summary>Short file identifier (READ RECORD P2 = SFI &lt;&lt; 3 | 4).</summary>
    public int Sfi { get; init; }

    /// <summary>Data element tag (hex, e.g. "4E") → its record number and value size.</summary>
    /// <remarks>Tags are matched case-insensitively ("4e" is "4E").</remarks>
    public IReadOnlyDictionary<string, DataElementSlot> Elements
    {
        get => _elements;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            var elements = new Dictionary<string, DataElementSlot>(StringComparer.OrdinalIgnoreCase);
            foreach (var (tag, slot) in value)
            {
                if (!elements.TryAdd(tag, slot))
                {
                    throw new CardLayoutException("Elements." + tag, "the tag is given twice");
                }
            }
            _elements = elements;
        }
    }

    private readonly Dictionary<string, DataElementSlot> _elements = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The slot of <paramref name="tag"/>; the layout has been validated to hold every tag the reader needs.</summary>
    public DataElementSlot SlotOf(string tag) =>
        _elements.TryGetValue(tag, out var slot) ? slot : throw new CardLayoutException(tag, "the layout has no record for this tag");
}

/// <summary>Where one data element lives: its record number and the size of its value in bytes.</summary>
/// <param name="Record">Record number in the file (READ RECORD P1).</param>
/// <param name="Length">Size of the value; the record is tag ‖ length ‖ value, so READ RECORD asks Le = Length + 2.</param>
public sealed record DataElementSlot(int Record, int Length)
{
    /// <summary>The exact Le of the READ RECORD that fetches this element (short BER length: one tag byte, one length byte).</summary>
    public int RecordLength => Length + (Length > 0x7F ? 3 : 2);
}
