namespace CardBridge.Iso7816;

/// <summary>
/// A command APDU (ISO/IEC 7816-4 §5.1): header CLA INS P1 P2, optional command data (Nc bytes) and an
/// optional expected response length Ne. Short form carries Nc ≤ 255 and Ne ≤ 256; extended form
/// carries up to 65535 and 65536.
/// </summary>
public sealed record CommandApdu
{
    /// <summary>Largest Ne a short APDU can ask for (encoded as Le = 00).</summary>
    public const int MaxShortNe = 256;

    /// <summary>Largest Ne an extended APDU can ask for (encoded as Le = 0000).</summary>
    public const int MaxExtendedNe = 65536;

    /// <summary>Creates a command; <paramref name="ne"/> 0 means no response data expected.</summary>
    public CommandApdu(byte cla, byte ins, byte p1, byte p2, ReadOnlyMemory<byte> data = default, int ne = 0)
    {
        if (data.Length > 65535)
        {
            throw new ApduFormatException($"command data of {data.Length} bytes exceeds 65535");
        }
        if (ne is < 0 or > MaxExtendedNe)
        {
            throw new ApduFormatException($"Ne {ne} is outside 0..{MaxExtendedNe}");
        }
        Cla = cla;
        Ins = ins;
        P1 = p1;
        P2 = p2;
        Data = data;
        Ne = ne;
    }

    /// <summary>Class byte.</summary>
    public byte Cla { get; init; }

    /// <summary>Instruction byte.</summary>
    public byte Ins { get; init; }

    /// <summary>First parameter byte.</summary>
    public byte P1 { get; init; }

    /// <summary>Second parameter byte.</summary>
    public byte P2 { get; init; }

    /// <summary>Command data (Nc = its length).</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Maximum number of response data bytes expected; 0 when none.</summary>
    public int Ne { get; init; }

    /// <summary>The ISO 7816-3 case: 1 (no data, no Le), 2 (Le), 3 (data), 4 (data and Le).</summary>
    public int Case => (Data.Length > 0, Ne > 0) switch
    {
        (false, false) => 1,
        (false, true) => 2,
        (true, false) => 3,
        (true, true) => 4,
    };

    /// <summary>True when the command needs the extended length encoding.</summary>
    public bool IsExtended => Data.Length > 255 || Ne > MaxShortNe;

    /// <summary>The same command asking for a different Ne.</summary>
    public CommandApdu WithNe(int ne) => new(Cla, Ins, P1, P2, Data, ne);

    /// <summary>Encodes the command in short form where it fits, extended form otherwise.</summary>
    public byte[] ToArray()
    {
        var nc = Data.Length;
        var extended = IsExtended;
        var length = 4
            + (nc > 0 ? (extended ? 3 : 1) + nc : 0)
            + (Ne > 0 ? (extended ? (nc > 0 ? 2 : 3) : 1) : 0);
        var bytes = new byte[length];
        bytes[0] = Cla;
        bytes[1] = Ins;
        bytes[2] = P1;
        bytes[3] = P2;
        var at = 4;
        if (nc > 0)
        {
            if (extended)
            {
                bytes[at++] = 0;
                bytes[at++] = (byte)(nc >> 8);
            }
            bytes[at++] = (byte)nc;
            Data.Span.CopyTo(bytes.AsSpan(at));
            at += nc;
        }
        if (Ne > 0)
        {
            if (extended)
            {
                if (nc == 0)
                {
                    bytes[at++] = 0;
                }
                var le = Ne == MaxExtendedNe ? 0 : Ne;
                bytes[at++] = (byte)(le >> 8);
                bytes[at] = (byte)le;
            }
            else
            {
                bytes[at] = (byte)(Ne == MaxShortNe ? 0 : Ne);
            }
        }
        return bytes;
    }

    /// <summary>
    /// Decodes a command APDU. Throws <see cref="ApduFormatException"/> when the bytes match none of the
    /// seven encodings of ISO 7816-3 §12.1.
    /// </summary>
    public static CommandApdu Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
        {
            throw new ApduFormatException($"a command APDU needs at least 4 bytes, got {bytes.Length}");
        }
        byte cla = bytes[0], ins = bytes[1], p1 = bytes[2], p2 = bytes[3];
        var body = bytes[4..];
        switch (body.Length)
        {
            case 0:
                return new CommandApdu(cla, ins, p1, p2);
            case 1:
                return new CommandApdu(cla, ins, p1, p2, default, body[0] == 0 ? MaxShortNe : body[0]);
        }
        if (body[0] != 0)
        {
            var nc = body[0];
            if (body.Length == 1 + nc)
            {
                return new CommandApdu(cla, ins, p1, p2, body.Slice(1, nc).ToArray());
            }
            if (body.Length == 2 + nc)
            {
                var le = body[1 + nc];
                return new CommandApdu(cla, ins, p1, p2, body.Slice(1, nc).ToArray(), le == 0 ? MaxShortNe : le);
            }
            throw new ApduFormatException($"short Lc {nc} does not match a body of {body.Length} bytes");
        }
        if (body.Length == 3)
        {
            var le = (body[1] << 8) | body[2];
            return new CommandApdu(cla, ins, p1, p2, default, le == 0 ? MaxExtendedNe : le);
        }
        if (body.Length < 3)
        {
            throw new ApduFormatException($"body of {body.Length} bytes is neither short nor extended");
        }
        var lc = (body[1] << 8) | body[2];
        if (lc == 0)
        {
            throw new ApduFormatException("extended Lc of 0 is not allowed");
        }
        if (body.Length == 3 + lc)
        {
            return new CommandApdu(cla, ins, p1, p2, body.Slice(3, lc).ToArray());
        }
        if (body.Length == 5 + lc)
        {
            var le = (body[3 + lc] << 8) | body[4 + lc];
            return new CommandApdu(cla, ins, p1, p2, body.Slice(3, lc).ToArray(), le == 0 ? MaxExtendedNe : le);
        }
        throw new ApduFormatException($"extended Lc {lc} does not match a body of {body.Length} bytes");
    }

    /// <inheritdoc />
    public override string ToString() => Convert.ToHexString(ToArray());
}
