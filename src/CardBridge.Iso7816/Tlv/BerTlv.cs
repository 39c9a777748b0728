namespace CardBridge.Iso7816;

/// <summary>
/// One BER-TLV data object (ISO/IEC 7816-4 §5.2, ISO/IEC 8825-1): a tag of up to four bytes, a definite
/// length of up to four bytes, and a value. A constructed object (bit 6 of the first tag byte set) also
/// exposes its value parsed as nested objects.
/// </summary>
public sealed class BerTlv
{
    /// <summary>Deepest nesting the parser follows; deeper input is rejected rather than recursed into.</summary>
    public const int MaxDepth = 32;

    private BerTlv(uint tag, ReadOnlyMemory<byte> value, IReadOnlyList<BerTlv> children)
    {
        Tag = tag;
        Value = value;
        Children = children;
    }

    /// <summary>The tag, its bytes big-endian in a 32-bit value (e.g. 0x9F0C).</summary>
    public uint Tag { get; }

    /// <summary>The value bytes.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>True when the tag marks a constructed object.</summary>
    public bool IsConstructed => IsConstructedTag(Tag);

    /// <summary>Nested objects of a constructed object; empty for a primitive one.</summary>
    public IReadOnlyList<BerTlv> Children { get; }

    /// <summary>A primitive object.</summary>
    public static BerTlv Primitive(uint tag, ReadOnlyMemory<byte> value)
    {
        ValidateTag(tag);
        if (IsConstructedTag(tag))
        {
            throw new ArgumentException($"tag {tag:X} is constructed", nameof(tag));
        }
        return new BerTlv(tag, value, []);
    }

    /// <summary>A constructed object holding <paramref name="children"/>.</summary>
    public static BerTlv Constructed(uint tag, params IReadOnlyList<BerTlv> children)
    {
        ValidateTag(tag);
        if (!IsConstructedTag(tag))
        {
            throw new ArgumentException($"tag {tag:X} is primitive", nameof(tag));
        }
        using var stream = new MemoryStream();
        foreach (var child in children)
        {
            child.WriteTo(stream);
        }
        return new BerTlv(tag, stream.ToArray(), children);
    }

    /// <summary>
    /// Parses a sequence of objects. 00 and FF bytes between objects are padding (ISO 7816-4 §5.2.2).
    /// Any malformed input throws <see cref="TlvFormatException"/>, never another exception.
    /// </summary>
    public static IReadOnlyList<BerTlv> ParseAll(ReadOnlyMemory<byte> bytes) => ParseAll(bytes, 0, 0);

    /// <summary>Parses exactly one object that fills <paramref name="bytes"/>.</summary>
    public static BerTlv ParseSingle(ReadOnlyMemory<byte> bytes)
    {
        var offset = 0;
        var tlv = ParseOne(bytes, ref offset, 0, 0);
        if (offset != bytes.Length)
        {
            throw new TlvFormatException($"{bytes.Length - offset} byte(s) follow the object", offset);
        }
        return tlv;
    }

    /// <summary>The first object with <paramref name="tag"/> in this object's subtree (itself included), or null.</summary>
    public BerTlv? Find(uint tag)
    {
        if (Tag == tag)
        {
            return this;
        }
        foreach (var child in Children)
        {
            if (child.Find(tag) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>The first object with <paramref name="tag"/> in a list of objects and their subtrees, or null.</summary>
    public static BerTlv? Find(IEnumerable<BerTlv> objects, uint tag)
    {
        ArgumentNullException.ThrowIfNull(objects);
        foreach (var tlv in objects)
        {
            if (tlv.Find(tag) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>Encodes the object with the shortest definite length.</summary>
    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return stream.ToArray();
    }

    private void WriteTo(MemoryStream stream)
    {
        var tagLength = TagLength(Tag);
        for (var i = tagLength - 1; i >= 0; i--)
        {
            stream.WriteByte((byte)(Tag >> (8 * i)));
        }
        var length = Value.Length;
        if (length < 0x80)
        {
            stream.WriteByte((byte)length);
        }
        else
        {
            var count = length <= 0xFF ? 1 : length <= 0xFFFF ? 2 : length <= 0xFFFFFF ? 3 : 4;
            stream.WriteByte((byte)(0x80 | count));
            for (var i = count - 1; i >= 0; i--)
            {
                stream.WriteByte((byte)(length >> (8 * i)));
            }
        }
        stream.Write(Value.Span);
    }

    private static List<BerTlv> ParseAll(ReadOnlyMemory<byte> bytes, int baseOffset, int depth)
    {
        var result = new List<BerTlv>();
        var offset = 0;
        while (true)
        {
            var span = bytes.Span;
            while (offset < span.Length && (span[offset] == 0x00 || span[offset] == 0xFF))
            {
                offset++;
            }
            if (offset >= span.Length)
            {
                return result;
            }
            result.Add(ParseOne(bytes, ref offset, baseOffset, depth));
        }
    }

    private static BerTlv ParseOne(ReadOnlyMemory<byte> bytes, ref int offset, int baseOffset, int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new TlvFormatException($"nesting deeper than {MaxDepth}", baseOffset + offset);
        }
        var span = bytes.Span;
        var start = offset;
        if (offset >= span.Length)
        {
            throw new TlvFormatException("missing tag", baseOffset + offset);
        }
        uint tag = span[offset++];
        if ((tag & 0x1F) == 0x1F)
        {
            var more = true;
            for (var n = 1; more; n++)
            {
                if (n > 3)
                {
                    throw new TlvFormatException("tag longer than 4 bytes", baseOffset + start);
                }
                if (offset >= span.Length)
                {
                    throw new TlvFormatException("truncated tag", baseOffset + start);
                }
                var b = span[offset++];
                tag = (tag << 8) | b;
                more = (b & 0x80) != 0;
            }
        }
        if (offset >= span.Length)
        {
            throw new TlvFormatException("missing length", baseOffset + offset);
        }
        int length = span[offset++];
        if (length == 0x80)
        {
            throw new TlvFormatException("indefinite length is not allowed", baseOffset + offset - 1);
        }
        if (length > 0x80)
        {
            var count = length & 0x7F;
            if (count > 4)
            {
                throw new TlvFormatException($"length field of {count} bytes", baseOffset + offset - 1);
            }
            if (offset + count > span.Length)
            {
                throw new TlvFormatException("truncated length", baseOffset + offset);
            }
            long longLength = 0;
            for (var i = 0; i < count; i++)
            {
                longLength = (longLength << 8) | span[offset++];
            }
            if (longLength > int.MaxValue)
            {
                throw new TlvFormatException($"length {longLength} too large", baseOffset + start);
            }
            length = (int)longLength;
        }
        if (length > span.Length - offset)
        {
            throw new TlvFormatException($"value of {length} bytes overruns the input", baseOffset + offset);
        }
        var value = bytes.Slice(offset, length);
        var valueOffset = offset;
        offset += length;
        IReadOnlyList<BerTlv> children = IsConstructedTag(tag)
            ? ParseAll(value, baseOffset + valueOffset, depth + 1)
            : [];
        return new BerTlv(tag, value, children);
    }

    private static bool IsConstructedTag(uint tag) => ((tag >> (8 * (TagLength(tag) - 1))) & 0x20) != 0;

    private static int TagLength(uint tag) => tag > 0xFFFFFF ? 4 : tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1;

    private static void ValidateTag(uint tag)
    {
        var length = TagLength(tag);
        var first = (byte)(tag >> (8 * (length - 1)));
        var multi = (first & 0x1F) == 0x1F;
        if (multi != (length > 1))
        {
            throw new ArgumentException($"tag {tag:X} is not a valid BER tag", nameof(tag));
        }
        for (var i = length - 2; i >= 0; i--)
        {
            var b = (byte)(tag >> (8 * i));
            if (((b & 0x80) != 0) != (i > 0))
            {
                throw new ArgumentException($"tag {tag:X} is not a valid BER tag", nameof(tag));
            }
        }
    }
}
