namespace CardBridge.Iso7816;

/// <summary>
/// A command APDU (ISO/IEC 7816-4 §5.1): header CLA INS P1 P2, optional command data (Nc bytes) and an
/// optional expected response length Ne. Short form carries Nc ≤ 255 and Ne ≤ 256; extended form
/// carries up to 65535 and 65536.
/// </summary>
/// <param name="Cla">Class byte.</param>
/// <param name="Ins">Instruction byte.</param>
/// <param name="P1">First parameter byte.</param>
/// <param name="P2">Second parameter byte.</param>
/// <param name="Data">Command data (Nc = its length), at most 65535 bytes.</param>
/// <param name="Ne">Maximum number of response data bytes expected, up to 65536; 0 means no response data expected.</param>
public sealed record CommandApdu(byte Cla, byte Ins, byte P1, byte P2, ReadOnlyMemory<byte> Data = default, int Ne = 0)
{
    /// <summary>Largest Ne a short APDU can ask for (encoded as Le = 00).</summary>
    public const int MaxShortNe = 256;

    /// <summary>Largest Ne an extended APDU can ask for (encoded as Le = 0000).</summary>
    public const int MaxExtendedNe = 65536;

    /// <summary>Command data (Nc = its length).</summary>
    public ReadOnlyMemory<byte> Data { get; init; } = Data.Length <= 65535
        ? Data
        : throw new ApduFormatException($"command data of {Data.Length} bytes exceeds 65535");

    /// <summary>Maximum number of response data bytes expected; 0 when none.</summary>
    public int Ne { get; init; } = Ne is >= 0 and <= MaxExtendedNe
        ? Ne
        : throw new ApduFormatException($"Ne {Ne} is outside 0..{MaxExtendedNe}");

    /// <summary>
    /// SELECT by DF name (ISO 7816-4 §7.1.1, P1 04): with <paramref name="returnFci"/> the card answers the FCI
    /// (P2 00, Le 00), otherwise nothing (P2 0C, no Le).
    /// </summary>
    public static CommandApdu SelectByName(ReadOnlyMemory<byte> name, bool returnFci = true) =>
        returnFci ? new(0x00, 0xA4, 0x04, 0x00, name, MaxShortNe) : new(0x00, 0xA4, 0x04, 0x0C, name);

    /// <summary>SELECT by file identifier (P1 00, e.g. the MF 3F00), answering nothing (P2 0C).</summary>
    public static CommandApdu SelectByFileId(ushort fileId) =>
        new(0x00, 0xA4, 0x00, 0x0C, new[] { (byte)(fileId >> 8), (byte)fileId });

    /// <summary>READ RECORD (ISO 7816-4 §7.3.3) of <paramref name="record"/> in the EF with short identifier <paramref name="sfi"/> (P2 = SFI·8 | 4), asking for <paramref name="ne"/> bytes.</summary>
    public static CommandApdu ReadRecord(int sfi, int record, int ne = MaxShortNe) =>
        new(0x00, 0xB2, (byte)record, (byte)((sfi << 3) | 0x04), default, ne);

    /// <summary>
    /// UPDATE RECORD (ISO 7816-4 §7.3.5) of <paramref name="record"/> in the EF with short identifier <paramref name="sfi"/>
    /// (P2 = SFI·8 | 4) with <paramref name="data"/>; <paramref name="cla"/> 04 marks it as sent under secure messaging.
    /// </summary>
    public static CommandApdu UpdateRecord(int sfi, int record, ReadOnlyMemory<byte> data, byte cla = 0x00) =>
        new(cla, 0xDC, (byte)record, (byte)((sfi << 3) | 0x04), data);

    /// <summary>READ BINARY (ISO 7816-4 §7.2.3) of the EF with short identifier <paramref name="sfi"/> from its start (P1 = 80 | SFI), asking for <paramref name="ne"/> bytes.</summary>
    public static CommandApdu ReadBinary(int sfi, int ne = MaxShortNe) =>
        new(0x00, 0xB0, (byte)(0x80 | sfi), 0x00, default, ne);

    /// <summary>GET RESPONSE (ISO 7816-4 §7.6.1) for the <paramref name="ne"/> bytes a 61xx announced, on the logical channel of <paramref name="cla"/>.</summary>
    public static CommandApdu GetResponse(int ne, byte cla = 0x00) =>
        new((byte)(cla & 0x03), 0xC0, 0x00, 0x00, default, ne);

    /// <summary>GET CHALLENGE (ISO 7816-4 §7.5.3) of <paramref name="length"/> random bytes.</summary>
    public static CommandApdu GetChallenge(int length) =>
        new(0x00, 0x84, 0x00, 0x00, default, length);

    /// <summary>VERIFY (ISO 7816-4 §7.5.6) of the global reference data; without <paramref name="pin"/> it asks for the tries left (63Cx).</summary>
    public static CommandApdu Verify(ReadOnlyMemory<byte> pin = default) =>
        new(0x00, 0x20, 0x00, 0x00, pin);

    /// <summary>INTERNAL AUTHENTICATE (ISO 7816-4 §7.5.2) with key <paramref name="keyId"/> over <paramref name="data"/>, asking for the whole answer (Le 00).</summary>
    public static CommandApdu InternalAuthenticate(byte keyId, ReadOnlyMemory<byte> data) =>
        new(0x00, 0x88, 0x00, keyId, data, MaxShortNe);

    /// <summary>EXTERNAL AUTHENTICATE (ISO 7816-4 §7.5.4) of the terminal's <paramref name="cryptogram"/> with key <paramref name="keyId"/>.</summary>
    public static CommandApdu ExternalAuthenticate(byte keyId, ReadOnlyMemory<byte> cryptogram) =>
        new(0x00, 0x82, 0x00, keyId, cryptogram);

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
