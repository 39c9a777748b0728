using System.Globalization;

namespace CardBridge.Simulation.DataElements;

/// <summary>
/// The <c>cn</c> data element format of the social security card file specification: decimal digits packed two
/// per byte, left-aligned and right-padded with F nibbles to the field size.
/// </summary>
internal static class Bcd
{
    /// <summary>Packs <paramref name="digits"/> into <paramref name="size"/> bytes, F-padded on the right.</summary>
    public static byte[] Encode(string digits, int size)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Length > size * 2)
        {
            throw new FormatException($"{digits.Length} digits do not fit in {size} BCD bytes");
        }
        var bytes = new byte[size];
        bytes.AsSpan().Fill(0xFF);
        for (var i = 0; i < digits.Length; i++)
        {
            var c = digits[i];
            if (c is < '0' or > '9')
            {
                throw new FormatException($"'{c}' is not a decimal digit");
            }
            var nibble = c - '0';
            bytes[i / 2] = i % 2 == 0
                ? (byte)((nibble << 4) | (bytes[i / 2] & 0x0F))
                : (byte)((bytes[i / 2] & 0xF0) | nibble);
        }
        return bytes;
    }

    /// <summary>Packs a PIN the way VERIFY carries it: as many bytes as the digits need, F-padded.</summary>
    public static byte[] EncodePin(string pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        return Encode(pin, (pin.Length + 1) / 2);
    }

    /// <summary>A date as the 4-byte <c>cn4</c> YYYYMMDD field.</summary>
    public static byte[] EncodeDate(DateOnly date) =>
        Encode(date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), 4);

    /// <summary>True when every byte holds two BCD digits, or a digit followed by F padding at the end.</summary>
    public static bool IsPackedPin(ReadOnlySpan<byte> bytes)
    {
        var padding = false;
        foreach (var b in bytes)
        {
            foreach (var nibble in (ReadOnlySpan<int>)[b >> 4, b & 0x0F])
            {
                if (nibble == 0x0F)
                {
                    padding = true;
                }
                else if (padding || nibble > 9)
                {
                    return false;
                }
            }
        }
        return bytes.Length > 0 && !(bytes[0] >> 4 == 0x0F);
    }
}
