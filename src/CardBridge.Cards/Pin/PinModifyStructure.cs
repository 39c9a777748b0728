using System.Buffers.Binary;

namespace CardBridge.Cards.Pin;

/// <summary>
/// The PIN_MODIFY_STRUCTURE of FEATURE_MODIFY_PIN_DIRECT (PC/SC part 10 §2.5.3), packed, little-endian: bTimerOut,
/// bTimerOut2, bmFormatString, bmPINBlockString, bmPINLengthFormat, bInsertionOffsetOld, bInsertionOffsetNew,
/// wPINMaxExtraDigit, bConfirmPIN, bEntryValidationCondition, bNumberMessage, wLangId, bMsgIndex1–3, bTeoPrologue[3],
/// ulDataLength, then the CHANGE PIN template <c>80 5E 01 00 Lc old ‖ FF ‖ new</c> (DESIGN §8) the reader completes with
/// the current PIN and the new one, which the holder types twice.
/// </summary>
/// <param name="Timeout">Seconds the reader waits for the first key (0: reader default).</param>
/// <param name="Digits">The PIN length, old and new alike: the card finds the two PINs around the FF separator, so both
/// fill their blocks exactly.</param>
/// <param name="LanguageId">wLangId of the reader's prompts (0x0804 Chinese (PRC)).</param>
public sealed record PinModifyStructure(byte Timeout = 30, byte Digits = 6, ushort LanguageId = 0x0804)
{
    /// <summary>Bytes before the APDU template.</summary>
    public const int HeaderLength = 24;

    /// <summary>bConfirmPIN: the current PIN is entered (bit 1) and the new PIN confirmed (bit 0).</summary>
    public const byte CurrentAndConfirm = 0x03;

    /// <summary>The packed structure.</summary>
    public byte[] ToArray()
    {
        if (Digits < PinBuffer.MinDigits || Digits > PinBuffer.MaxDigits || Digits % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Digits), $"an even number of digits within {PinBuffer.MinDigits}–{PinBuffer.MaxDigits}");
        }
        var block = Digits / 2;
        var data = new byte[2 * block + 1];
        data.AsSpan().Fill(0xFF);
        var apdu = new byte[5 + data.Length];
        apdu[0] = 0x80;
        apdu[1] = 0x5E;
        apdu[2] = 0x01;
        apdu[4] = (byte)data.Length;
        data.CopyTo(apdu, 5);
        var structure = new byte[HeaderLength + apdu.Length];
        structure[0] = Timeout;
        structure[1] = Timeout;
        structure[2] = PinVerifyStructure.FormatBcdAtOffsetZero;
        structure[3] = (byte)block;
        structure[4] = 0x00;
        structure[5] = 0x00;
        structure[6] = (byte)(block + 1);
        // wPINMaxExtraDigit = 0xXXYY, XX minimum, YY maximum, stored little-endian.
        BinaryPrimitives.WriteUInt16LittleEndian(structure.AsSpan(7), (ushort)((Digits << 8) | Digits));
        structure[9] = CurrentAndConfirm;
        structure[10] = PinVerifyStructure.ValidationKeyPressed;
        structure[11] = 0x03;
        BinaryPrimitives.WriteUInt16LittleEndian(structure.AsSpan(12), LanguageId);
        structure[14] = 0x00;
        structure[15] = 0x01;
        structure[16] = 0x02;
        // 17..19: bTeoPrologue, zero outside T=1.
        BinaryPrimitives.WriteUInt32LittleEndian(structure.AsSpan(20), (uint)apdu.Length);
        apdu.CopyTo(structure, HeaderLength);
        return structure;
    }
}
