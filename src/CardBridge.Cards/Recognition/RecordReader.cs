using CardBridge.Cards.Layout;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Recognition;

/// <summary>READ RECORD by SFI with the exact Le the layout knows, so the card never has to answer 6Cxx.</summary>
internal static class RecordReader
{
    public static CommandApdu Command(int sfi, DataElementSlot slot) =>
        new(0x00, 0xB2, (byte)slot.Record, (byte)((sfi << 3) | 0x04), default, slot.RecordLength);
}
