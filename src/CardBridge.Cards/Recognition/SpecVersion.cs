using CardBridge.Iso7816;

namespace CardBridge.Cards.Recognition;

/// <summary>EF05 tag 03, the spec version (an4: "3.00", "2.00", "1.00"), and the generation it tells.</summary>
internal static class SpecVersion
{
    /// <summary>The generation for a version of the form <c>d.dd</c> with major 1–3; NotSocialSecurityCard otherwise.</summary>
    public static CardGeneration Classify(string version) =>
        version is [var major, '.', var minor1, var minor2] && char.IsAsciiDigit(minor1) && char.IsAsciiDigit(minor2)
            && Enum.IsDefined((CardGeneration)major)
            ? (CardGeneration)major
            : CardGeneration.NotSocialSecurityCard;

    /// <summary>Decodes the record <c>03 04 "3.00"</c>; null when it is not such a record.</summary>
    public static string? Decode(ReadOnlyMemory<byte> record)
    {
        BerTlv tlv;
        try
        {
            tlv = BerTlv.ParseSingle(record);
        }
        catch (TlvFormatException)
        {
            return null;
        }
        return tlv.Tag == 0x03 ? FromValue(tlv.Value.Span) : null;
    }

    /// <summary>The value of tag 03 as text (0x00 padding dropped); null when it is not printable ASCII.</summary>
    public static string? FromValue(ReadOnlySpan<byte> value)
    {
        value = value.TrimEnd((byte)0);
        foreach (var b in value)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return null;
            }
        }
        return System.Text.Encoding.ASCII.GetString(value);
    }
}
