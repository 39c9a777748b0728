namespace CardBridge.Simulation.Cards;

/// <summary>The status words the simulated cards answer with (ISO/IEC 7816-4 §5.1.3 and the card specification).</summary>
internal static class Sw
{
    public const ushort Success = 0x9000;
    public const ushort VerificationFailed = 0x6300;
    public const ushort WrongLength = 0x6700;
    public const ushort SecureMessagingNotSupported = 0x6882;
    public const ushort IncompatibleFileStructure = 0x6981;
    public const ushort SecurityStatusNotSatisfied = 0x6982;
    public const ushort AuthenticationBlocked = 0x6983;
    public const ushort ReferenceDataNotUsable = 0x6984;
    public const ushort ConditionsNotSatisfied = 0x6985;
    public const ushort NoCurrentEf = 0x6986;
    public const ushort IncorrectSecureMessaging = 0x6988;
    public const ushort IncorrectData = 0x6A80;
    public const ushort FileNotFound = 0x6A82;
    public const ushort RecordNotFound = 0x6A83;
    public const ushort IncorrectP1P2 = 0x6A86;
    public const ushort ReferencedDataNotFound = 0x6A88;
    public const ushort WrongOffset = 0x6B00;
    public const ushort InsNotSupported = 0x6D00;
    public const ushort ClaNotSupported = 0x6E00;
    public const ushort NoPreciseDiagnosis = 0x6F00;
    public const ushort KeyIndexNotSupported = 0x9403;

    /// <summary>63Cx: verification failed, x tries left.</summary>
    public static ushort TriesLeft(int tries) => (ushort)(0x63C0 | Math.Clamp(tries, 0, 15));

    /// <summary>6Cxx: wrong Le, the exact length is xx.</summary>
    public static ushort ExactLength(int length) => (ushort)(0x6C00 | (length & 0xFF));

    /// <summary>61xx: xx more bytes available with GET RESPONSE.</summary>
    public static ushort MoreData(int length) => (ushort)(0x6100 | (length > 0xFF ? 0 : length));
}
