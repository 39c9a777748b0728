using System.Buffers.Binary;
using System.Collections.Concurrent;
using CardBridge.Cards.Pin;
using CardBridge.Simulation.Transport;

namespace CardBridge.Simulation.PinPad;

/// <summary>What the holder does at the simulated reader's keypad for one PIN entry.</summary>
public abstract record KeypadEntry
{
    /// <summary>The holder types <paramref name="Digits"/> and presses OK.</summary>
    public sealed record Typed(string Digits) : KeypadEntry;

    /// <summary>The holder presses Cancel.</summary>
    public sealed record Cancelled : KeypadEntry;

    /// <summary>The holder types nothing until the reader's timeout.</summary>
    public sealed record TimedOut : KeypadEntry;
}

/// <summary>
/// A PIN-pad reader (PC/SC part 10) in process, in front of a simulated card: it announces
/// FEATURE_VERIFY_PIN_DIRECT and FEATURE_MODIFY_PIN_DIRECT through CM_IOCTL_GET_FEATURE_REQUEST. For a
/// PIN_VERIFY_STRUCTURE it takes the next <see cref="KeypadEntry"/>; for a PIN_MODIFY_STRUCTURE the next two or three
/// (current PIN when asked for, new PIN, its confirmation when asked for). It formats the digits into the structure's
/// APDU template as the structure says (BCD or ASCII, left or right justified, at its offsets) and sends the APDU to the
/// card — so the PIN never passes through the terminal's code. Answers 6400 on timeout, 6401 on cancel, 6402 when the
/// confirmation differs and 6403 for a PIN length outside the structure's limits, as part 10 readers do.
/// </summary>
public sealed class SimulatedPinPadReader : IReaderControl
{
    /// <summary>CM_IOCTL_GET_FEATURE_REQUEST on pcsc-lite: SCARD_CTL_CODE(3400).</summary>
    public const uint FeatureRequestCode = 0x42000D48;

    /// <summary>The control code this reader announces for FEATURE_VERIFY_PIN_DIRECT (what CCID readers use on pcsc-lite).</summary>
    public const uint VerifyPinDirectCode = 0x42330006;

    /// <summary>The control code this reader announces for FEATURE_MODIFY_PIN_DIRECT.</summary>
    public const uint ModifyPinDirectCode = 0x42330007;

    private const byte VerifyPinDirectTag = 0x06;
    private const byte ModifyPinDirectTag = 0x07;
    private const int ModifyHeaderLength = PinModifyStructure.HeaderLength;

    private readonly SimulatedCardTransport _card;
    private readonly ConcurrentQueue<KeypadEntry> _entries = new();

    /// <summary>A PIN-pad reader holding the card behind <paramref name="card"/>.</summary>
    public SimulatedPinPadReader(SimulatedCardTransport card)
    {
        ArgumentNullException.ThrowIfNull(card);
        _card = card;
    }

    /// <inheritdoc />
    public uint GetFeatureRequestCode => FeatureRequestCode;

    /// <summary>Queues what the holder will do at the next PIN prompt.</summary>
    public void Enqueue(KeypadEntry entry) => _entries.Enqueue(entry);

    /// <inheritdoc />
    public async Task<byte[]> ControlAsync(uint controlCode, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        switch (controlCode)
        {
            case FeatureRequestCode:
                var tlv = new byte[12];
                tlv[0] = VerifyPinDirectTag;
                tlv[1] = 4;
                BinaryPrimitives.WriteUInt32BigEndian(tlv.AsSpan(2), VerifyPinDirectCode);
                tlv[6] = ModifyPinDirectTag;
                tlv[7] = 4;
                BinaryPrimitives.WriteUInt32BigEndian(tlv.AsSpan(8), ModifyPinDirectCode);
                return tlv;
            case VerifyPinDirectCode:
                return await VerifyAsync(input, cancellationToken);
            case ModifyPinDirectCode:
                return await ModifyAsync(input, cancellationToken);
            default:
                // SCARD_E_NOT_SUPPORTED as a reader would report an unknown control code.
                throw new NotSupportedException($"control code {controlCode:X8} is not supported by the simulated PIN pad");
        }
    }

    private async Task<byte[]> VerifyAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        var structure = input.Span;
        const int header = PinVerifyStructure.HeaderLength;
        if (structure.Length < header + 5
            || BinaryPrimitives.ReadUInt32LittleEndian(structure[15..]) != structure.Length - header)
        {
            return [0x6B, 0x80];
        }
        var format = structure[2];
        var block = structure[3];
        var maxDigits = structure[5];
        var minDigits = structure[6];
        var apdu = structure[header..].ToArray();
        if (!_entries.TryDequeue(out var entry))
        {
            entry = new KeypadEntry.TimedOut();
        }
        switch (entry)
        {
            case KeypadEntry.Cancelled:
                return [0x64, 0x01];
            case KeypadEntry.TimedOut:
                return [0x64, 0x00];
        }
        var digits = ((KeypadEntry.Typed)entry).Digits;
        if (!Fits(digits, minDigits, maxDigits))
        {
            return [0x64, 0x03];
        }
        // bmFormatString: bits 6-3 give the PIN's position in the APDU data.
        if (!TryPlace(apdu, digits, format, block, (format >> 3) & 0x0F))
        {
            return [0x6B, 0x80];
        }
        return await SendAsync(apdu, cancellationToken);
    }

    private async Task<byte[]> ModifyAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        var structure = input.Span;
        if (structure.Length < ModifyHeaderLength + 5
            || BinaryPrimitives.ReadUInt32LittleEndian(structure[20..]) != structure.Length - ModifyHeaderLength)
        {
            return [0x6B, 0x80];
        }
        var format = structure[2];
        var block = structure[3];
        var (offsetOld, offsetNew) = (structure[5], structure[6]);
        var (maxDigits, minDigits) = (structure[7], structure[8]);
        var confirm = structure[9];
        var apdu = structure[ModifyHeaderLength..].ToArray();
        // bConfirmPIN: bit 1 the current PIN is entered, bit 0 the new PIN is confirmed.
        var entries = new List<string>();
        for (var i = 0; i < 1 + (confirm & 0x01) + ((confirm >> 1) & 0x01); i++)
        {
            switch (_entries.TryDequeue(out var entry) ? entry : new KeypadEntry.TimedOut())
            {
                case KeypadEntry.Cancelled:
                    return [0x64, 0x01];
                case KeypadEntry.TimedOut:
                    return [0x64, 0x00];
                case KeypadEntry.Typed typed when Fits(typed.Digits, minDigits, maxDigits):
                    entries.Add(typed.Digits);
                    break;
                default:
                    return [0x64, 0x03];
            }
        }
        var current = (confirm & 0x02) != 0 ? entries[0] : null;
        var replacement = entries[current is null ? 0 : 1];
        if ((confirm & 0x01) != 0 && entries[^1] != replacement)
        {
            return [0x64, 0x02];
        }
        if ((current is not null && !TryPlace(apdu, current, format, block, offsetOld)) || !TryPlace(apdu, replacement, format, block, offsetNew))
        {
            return [0x6B, 0x80];
        }
        return await SendAsync(apdu, cancellationToken);
    }

    private static bool Fits(string digits, int minDigits, int maxDigits) =>
        digits.Length >= minDigits && digits.Length <= maxDigits && digits.All(char.IsAsciiDigit);

    // bmFormatString: bit 7 unit (1 = bytes), bit 2 right justification, bits 1-0 type (1 BCD, 2 ASCII); the PIN block of
    // bmPINBlockString's low nibble bytes starts at byte `position` of the APDU data.
    private static bool TryPlace(byte[] apdu, string digits, byte format, byte block, int position)
    {
        var unitBytes = (format & 0x80) != 0;
        var rightJustify = (format & 0x04) != 0;
        var bcd = (format & 0x03) == 0x01;
        var blockBytes = block & 0x0F;
        if (!unitBytes || (bcd ? (digits.Length + 1) / 2 : digits.Length) > blockBytes || 5 + position + blockBytes > apdu.Length)
        {
            return false;
        }
        var field = apdu.AsSpan(5 + position, blockBytes);
        var encoded = bcd ? Bcd(digits) : System.Text.Encoding.ASCII.GetBytes(digits);
        encoded.CopyTo(rightJustify ? field[(field.Length - encoded.Length)..] : field);
        Array.Clear(encoded);
        return true;
    }

    private async Task<byte[]> SendAsync(byte[] apdu, CancellationToken cancellationToken)
    {
        var answer = await _card.TransmitAsync(apdu, cancellationToken);
        Array.Clear(apdu);
        return answer;
    }

    private static byte[] Bcd(string digits)
    {
        var bytes = new byte[(digits.Length + 1) / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var high = digits[2 * i] - '0';
            var low = 2 * i + 1 < digits.Length ? digits[(2 * i) + 1] - '0' : 0x0F;
            bytes[i] = (byte)((high << 4) | low);
        }
        return bytes;
    }
}
