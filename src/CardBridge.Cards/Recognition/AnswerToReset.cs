namespace CardBridge.Cards.Recognition;

/// <summary>Decodes the structure of an ATR (ISO/IEC 7816-3 §8.2) far enough to find its historical bytes.</summary>
internal static class AnswerToReset
{
    /// <summary>The historical bytes T1…TK, or null when the ATR is not well formed.</summary>
    public static ReadOnlyMemory<byte>? HistoricalBytes(ReadOnlyMemory<byte> atr)
    {
        var bytes = atr.Span;
        if (bytes.Length < 2 || bytes[0] is not (0x3B or 0x3F))
        {
            return null;
        }
        var historicalCount = bytes[1] & 0x0F;
        var indicator = bytes[1];
        var at = 2;
        var needsTck = false;
        for (var level = 1; ; level++)
        {
            // TAi, TBi, TCi present per bits 5–7 of the indicator; TDi per bit 8.
            at += ((indicator >> 4) & 1) + ((indicator >> 5) & 1) + ((indicator >> 6) & 1);
            if ((indicator & 0x80) == 0)
            {
                break;
            }
            if (at >= bytes.Length || level > 8)
            {
                return null;
            }
            indicator = bytes[at++];
            if ((indicator & 0x0F) != 0)
            {
                needsTck = true;
            }
        }
        var end = at + historicalCount;
        if (end > bytes.Length || bytes.Length - end > (needsTck ? 1 : 0))
        {
            return null;
        }
        return atr.Slice(at, historicalCount);
    }
}
