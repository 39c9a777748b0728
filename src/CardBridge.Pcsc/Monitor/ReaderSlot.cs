namespace CardBridge.Pcsc;

/// <summary>What the monitor knows about one reader at one moment.</summary>
/// <param name="CardPresent">Whether a card is in the reader.</param>
/// <param name="Atr">The card's ATR when present.</param>
/// <param name="EventCount">The reader's event counter (upper 16 bits of dwEventState).</param>
internal readonly record struct ReaderSlot(bool CardPresent, ReadOnlyMemory<byte> Atr, int EventCount)
{
    public static ReaderSlot From(PcscReaderState state)
    {
        var present = (state.EventState & PcscReaderStates.Present) != 0;
        return new ReaderSlot(present, present ? state.Atr : ReadOnlyMemory<byte>.Empty, state.EventCount);
    }
}
