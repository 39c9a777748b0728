using System.Buffers.Binary;

namespace CardBridge.Cards.Pin;

/// <summary>
/// The PIN_VERIFY_STRUCTURE of FEATURE_VERIFY_PIN_DIRECT (PC/SC part 10 §2.5.2), packed, little-endian:
/// bTimerOut, bTimerOut2, bmFormatString, bmPINBlockString, bmPINLengthFormat, wPINMaxExtraDigit (min ‖ max),
/// bEntryValidationCondition, bNumberMessage, wLangId, bMsgIndex, bTeoPrologue[3], ulDataLength, then the
/// VERIFY APDU template the reader completes with the digits typed on its keypad.
/// </summary>
/// <param name="Timeout">Seconds the reader waits for the first key (0: reader default).</param>
/// <param name="MinDigits">Fewest digits accepted.</param>
/// <param name="MaxDigits">Most digits accepted; the template holds this many BCD nibbles (F-padded).</param>
/// <param name="LanguageId">wLangId of the reader's prompt (0x0804 Chinese (PRC)).</param>
public sealed record PinVerifyStructure(byte Timeout = 30, byte MinDigits = 6, byte MaxDigits = 6, ushort LanguageId = 0x0804)
{
    /// <summary>Bytes before the APDU template.</summary>
    public const int HeaderLength = 19;

    /// <summary>bmFormatString: units in bytes (bit 7), PIN at offset 0 of the APDU data, left-justified, BCD (01).</summary>
    public const byte FormatBcdAtOffsetZero = 0x81;

    /// <summary>bEntryValidationCondition: the validation key ends entry.</summary>
    public const byte ValidationKeyPressed = 0x02;

    /// <summary>The packed structure with <c>00 20 00 00 Lc FF…</c> as the template.</summary>
    public byte[] ToArray()
    {
        if (MinDigits < PinBuffer.MinDigits || MaxDigits > PinBuffer.MaxDigits || MinDigits > MaxDigits)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDigits), $"digits must be within {PinBuffer.MinDigits}–{PinBuffer.MaxDigits}, min ≤ max");
        }
        var blockBytes = (MaxDigits + 1) / 2;
        var apdu = new byte[5 + blockBytes];
        apdu[0] = 0x00;
        apdu[1] = 0x20;
        apdu[4] = (byte)blockBytes;
        apdu.AsSpan(5).Fill(0xFF);
        var structure = new byte[HeaderLength + apdu.Length];
        structure[0] = Timeout;
        structure[1] = Timeout;
        structure[2] = FormatBcdAtOffsetZero;
        structure[3] = (byte)blockBytes; // no PIN length field (bits 7-4 = 0), block of blockBytes bytes
        structure[4] = 0x00;
        // wPINMaxExtraDigit = 0xXXYY, XX minimum, YY maximum, stored little-endian.
        BinaryPrimitives.WriteUInt16LittleEndian(structure.AsSpan(5), (ushort)((MinDigits << 8) | MaxDigits));
        structure[7] = ValidationKeyPressed;
        structure[8] = 0x01;
        BinaryPrimitives.WriteUInt16LittleEndian(structure.AsSpan(9), LanguageId);
        structure[11] = 0x00;
        // 12..14: bTeoPrologue, zero outside T=1.
        BinaryPrimitives.WriteUInt32LittleEndian(structure.AsSpan(15), (uint)apdu.Length);
        apdu.CopyTo(structure, HeaderLength);
        return structure;
    }
}
