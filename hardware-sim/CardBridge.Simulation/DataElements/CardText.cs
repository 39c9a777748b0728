using System.Text;

namespace CardBridge.Simulation.DataElements;

/// <summary>
/// The <c>an</c> data element format: text left-aligned in a fixed-size field and padded with 0x00. ASCII for
/// numbers and codes, GB18030 (a superset of GBK, so GBK-encodable names are byte-identical) for names.
/// </summary>
internal static class CardText
{
    // GB18030 code page; CodePagesEncodingProvider brings it (and GBK, 936) to .NET.
    private const int Gb18030CodePage = 54936;

    /// <summary>The GB18030 encoding, throwing on characters it cannot represent.</summary>
    public static Encoding Gb18030 { get; } = CreateGb18030();

    /// <summary>ASCII text in a 0x00-padded field of <paramref name="size"/> bytes.</summary>
    public static byte[] Ascii(string text, int size)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                throw new FormatException($"'{c}' is not printable ASCII");
            }
        }
        return Pad(Encoding.ASCII.GetBytes(text), size);
    }

    /// <summary>GB18030 text in a 0x00-padded field of <paramref name="size"/> bytes.</summary>
    public static byte[] Gb(string text, int size) => Pad(Gb18030.GetBytes(text), size);

    /// <summary>
    /// Splits a name over the name field (09, <paramref name="nameSize"/> bytes) and the name extension field
    /// (4E, <paramref name="extensionSize"/> bytes), breaking only between characters.
    /// </summary>
    public static (byte[] Name, byte[] Extension) SplitName(string name, int nameSize, int extensionSize)
    {
        ArgumentNullException.ThrowIfNull(name);
        var head = new List<byte>();
        var tail = new List<byte>();
        var enumerator = System.Globalization.StringInfo.GetTextElementEnumerator(name);
        while (enumerator.MoveNext())
        {
            var encoded = Gb18030.GetBytes(enumerator.GetTextElement());
            var target = tail.Count == 0 && head.Count + encoded.Length <= nameSize ? head : tail;
            target.AddRange(encoded);
        }
        if (tail.Count > extensionSize)
        {
            throw new FormatException(
                $"name needs {head.Count + tail.Count} GB18030 bytes, more than {nameSize} + {extensionSize}");
        }
        return (Pad([.. head], nameSize), Pad([.. tail], extensionSize));
    }

    private static byte[] Pad(byte[] bytes, int size)
    {
        if (bytes.Length > size)
        {
            throw new FormatException($"text of {bytes.Length} bytes does not fit in {size}");
        }
        var field = new byte[size];
        bytes.CopyTo(field, 0);
        return field;
    }

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(Gb18030CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
