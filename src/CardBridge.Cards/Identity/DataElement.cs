using System.Globalization;
using System.Text;

namespace CardBridge.Cards.Identity;

/// <summary>
/// Decoders of the card file's data element formats (DESIGN §8), and the <c>cn</c> encoder: <c>cn</c> (BCD digits right-padded with F),
/// <c>an</c> (ASCII or GB18030 text left-aligned and padded with 0x00) and <c>cn4</c> dates (YYYYMMDD). Every
/// malformed value raises <see cref="CardDataException"/> naming the field.
/// </summary>
internal static class DataElement
{
    // GB18030 (a superset of GBK, so GBK names decode identically); CodePagesEncodingProvider brings it to .NET.
    private const int Gb18030CodePage = 54936;

    public static Encoding Gb18030 { get; } = CreateGb18030();

    /// <summary>The digits of a <c>cn</c> field: nibbles 0–9, then only F padding.</summary>
    public static string Digits(ReadOnlySpan<byte> value, string field) =>
        TryDigits(value) ?? throw Malformed(field, value, "is not BCD digits right-padded with F");

    /// <summary>
    /// The digits of <c>cn</c> bytes (EMV's compressed numeric too): nibbles 0–9, then only F padding; null for
    /// anything else, so each caller names the field in its own error.
    /// </summary>
    public static string? TryDigits(ReadOnlySpan<byte> value)
    {
        var digits = new StringBuilder(value.Length * 2);
        var padding = false;
        foreach (var b in value)
        {
            foreach (var nibble in (ReadOnlySpan<int>)[b >> 4, b & 0x0F])
            {
                if (nibble == 0x0F)
                {
                    padding = true;
                }
                else if (padding || nibble > 9)
                {
                    return null;
                }
                else
                {
                    digits.Append((char)('0' + nibble));
                }
            }
        }
        return digits.ToString();
    }

    /// <summary>cn: <paramref name="digits"/> as BCD filling <paramref name="target"/>, right-padded with F nibbles.</summary>
    public static void EncodeDigits(string digits, Span<byte> target)
    {
        if (digits.Length > target.Length * 2 || !digits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"'{digits}' does not fit {target.Length} BCD bytes");
        }
        target.Fill(0xFF);
        for (var i = 0; i < digits.Length; i++)
        {
            var nibble = digits[i] - '0';
            target[i / 2] = i % 2 == 0 ? (byte)((nibble << 4) | 0x0F) : (byte)((target[i / 2] & 0xF0) | nibble);
        }
    }

    /// <summary>Exactly <paramref name="count"/> digits.</summary>
    public static string Digits(ReadOnlySpan<byte> value, string field, int count)
    {
        var digits = Digits(value, field);
        if (digits.Length != count)
        {
            throw Malformed(field, value, string.Create(CultureInfo.InvariantCulture, $"holds {digits.Length} digits, not {count}"));
        }
        return digits;
    }

    /// <summary>A <c>cn4</c> date that exists in the calendar.</summary>
    public static DateOnly Date(ReadOnlySpan<byte> value, string field)
    {
        var digits = Digits(value, field, 8);
        if (!DateOnly.TryParseExact(digits, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw Malformed(field, value, "is not a calendar date");
        }
        return date;
    }

    /// <summary>Printable ASCII padded with 0x00 (nothing but padding after the first 0x00).</summary>
    public static string Ascii(ReadOnlySpan<byte> value, string field)
    {
        var text = Unpad(value, field);
        foreach (var b in text)
        {
            if (b is < 0x20 or > 0x7E)
            {
                throw Malformed(field, value, "is not printable ASCII");
            }
        }
        return Encoding.ASCII.GetString(text);
    }

    /// <summary>GB18030 text padded with 0x00.</summary>
    public static string Text(ReadOnlySpan<byte> value, string field)
    {
        var text = Unpad(value, field);
        try
        {
            return Gb18030.GetString(text);
        }
        catch (DecoderFallbackException e)
        {
            throw new CardDataException($"{field}: the bytes are not GB18030 text", e);
        }
    }

    /// <summary>The bytes before the 0x00 padding; a 0x00 followed by anything else is malformed.</summary>
    public static ReadOnlySpan<byte> Unpad(ReadOnlySpan<byte> value, string field)
    {
        var end = value.IndexOf((byte)0);
        if (end < 0)
        {
            return value;
        }
        if (value[end..].ContainsAnyExcept((byte)0))
        {
            throw Malformed(field, value, "has data after its 0x00 padding");
        }
        return value[..end];
    }

    public static CardDataException Malformed(string field, ReadOnlySpan<byte> value, string problem) =>
        new($"{field}: {Convert.ToHexString(value)} {problem}");

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(Gb18030CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
