using System.Globalization;

namespace CardBridge.Iso7816;

/// <summary>The two trailing status bytes of a response APDU (ISO/IEC 7816-4 §5.1.3).</summary>
public readonly record struct StatusWord(byte Sw1, byte Sw2)
{
    /// <summary>9000: normal processing.</summary>
    public static readonly StatusWord Success = new(0x90, 0x00);

    /// <summary>6983: authentication method blocked (a PIN with no tries left).</summary>
    public static readonly StatusWord AuthenticationBlocked = new(0x69, 0x83);

    /// <summary>6A82: file or application not found.</summary>
    public static readonly StatusWord FileNotFound = new(0x6A, 0x82);

    /// <summary>6A83: record not found (past the last record of the file).</summary>
    public static readonly StatusWord RecordNotFound = new(0x6A, 0x83);

    /// <summary>9302 (social security card, PBOC e-purse): the MAC of the command does not verify.</summary>
    public static readonly StatusWord MacInvalid = new(0x93, 0x02);

    /// <summary>9401 (PBOC e-purse): the purse holds less than the amount; nothing was debited.</summary>
    public static readonly StatusWord InsufficientFunds = new(0x94, 0x01);

    /// <summary>9403 (social security card, PSAM): no key at the index the command names.</summary>
    public static readonly StatusWord KeyIndexNotSupported = new(0x94, 0x03);

    /// <summary>9406 (PBOC e-purse): the required MAC is not available (GET TRANSACTION PROVE of a purchase the card did not complete).</summary>
    public static readonly StatusWord MacUnavailable = new(0x94, 0x06);

    /// <summary>Builds a status word from its 16-bit value.</summary>
    public static StatusWord FromUInt16(ushort value) => new((byte)(value >> 8), (byte)value);

    /// <summary>The 16-bit value, SW1 in the high byte.</summary>
    public ushort Value => (ushort)((Sw1 << 8) | Sw2);

    /// <summary>True for 9000 and for the 61xx "more data available" family.</summary>
    public bool IsSuccess => Value == 0x9000 || Sw1 == 0x61;

    /// <summary>True for 9000 only.</summary>
    public bool IsNormal => Value == 0x9000;

    /// <summary>For 63Cx: the retry counter x; otherwise null.</summary>
    public int? RetriesLeft => Sw1 == 0x63 && (Sw2 & 0xF0) == 0xC0 ? Sw2 & 0x0F : null;

    /// <summary>A short human meaning of the status word (ISO 7816-4 and the social security card spec).</summary>
    public string Meaning => Value switch
    {
        0x9000 => "success",
        0x6281 => "part of returned data may be corrupted",
        0x6282 => "end of file or record reached before reading Ne bytes",
        0x6283 => "selected file invalidated",
        0x6581 => "memory failure",
        0x6700 => "wrong length",
        0x6881 => "logical channel not supported",
        0x6882 => "secure messaging not supported",
        0x6900 => "command not allowed",
        0x6901 => "command not accepted (invalid state)",
        0x6981 => "command incompatible with file structure",
        0x6982 => "security status not satisfied",
        0x6983 => "authentication method blocked",
        0x6984 => "reference data not usable",
        0x6985 => "conditions of use not satisfied",
        0x6986 => "command not allowed (no current EF)",
        0x6987 => "expected secure messaging data objects missing",
        0x6988 => "incorrect secure messaging data objects",
        0x6A80 => "incorrect parameters in the command data field",
        0x6A81 => "function not supported",
        0x6A82 => "file or application not found",
        0x6A83 => "record not found",
        0x6A84 => "not enough memory space in the file",
        0x6A86 => "incorrect parameters P1-P2",
        0x6A88 => "referenced data not found",
        0x6B00 => "wrong parameters P1-P2",
        0x6D00 => "instruction code not supported",
        0x6E00 => "class not supported",
        0x6F00 => "no precise diagnosis",
        0x9302 => "MAC invalid",
        0x9303 => "application permanently locked",
        0x9401 => "insufficient funds",
        0x9403 => "key index not supported",
        0x9406 => "required MAC unavailable",
        _ => Sw1 switch
        {
            0x61 => string.Create(CultureInfo.InvariantCulture, $"{Sw2} more bytes available (GET RESPONSE)"),
            0x6C => string.Create(CultureInfo.InvariantCulture, $"wrong Le: exact length is {(Sw2 == 0 ? 256 : Sw2)}"),
            0x63 when (Sw2 & 0xF0) == 0xC0 => string.Create(CultureInfo.InvariantCulture, $"verification failed, {Sw2 & 0x0F} tries left"),
            0x62 => "warning: non-volatile memory unchanged",
            0x63 => "warning: non-volatile memory changed",
            0x64 => "execution error: non-volatile memory unchanged",
            0x65 => "execution error: non-volatile memory changed",
            0x67 => "wrong length",
            0x68 => "functions in CLA not supported",
            0x69 => "command not allowed",
            0x6A => "wrong parameters",
            _ => "unknown status",
        },
    };

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Value:X4} ({Meaning})");
}
