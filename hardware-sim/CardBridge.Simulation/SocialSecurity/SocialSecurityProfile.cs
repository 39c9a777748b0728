using CardBridge.Crypto;
using CardBridge.Simulation.FileSystem;

namespace CardBridge.Simulation.SocialSecurity;

/// <summary>
/// Everything a simulated social security card is personalised from: card-level settings plus the typed data
/// elements of EF05 (card), EF06 (holder) and DF04 (medical insurance); <see cref="Files"/> drops in further
/// DFs and EFs given byte for byte.
/// </summary>
internal sealed record SocialSecurityProfile
{
    public required string Name { get; init; }

    /// <summary>EF05 tag 03: "3.00" cards protect EF06–EF08 with RKSSSE, "2.00" and "1.00" cards do not.</summary>
    public required string SpecVersion { get; init; }

    public required CardAlgorithm Algorithm { get; init; }

    /// <summary>The ATR; null for the simulator's default for the spec version.</summary>
    public byte[]? Atr { get; init; }

    public bool T0GetResponse { get; init; }

    public required string Pin { get; init; }

    public int PinTries { get; init; } = 3;

    public int PinTriesLeft { get; init; } = 3;

    /// <summary>Failed EXTERNAL AUTHENTICATE attempts a key tolerates before it blocks.</summary>
    public int KeyTries { get; init; } = 5;

    /// <summary>Which set of the issuer key file the card's keys are diversified from.</summary>
    public string KeySet { get; init; } = Keys.IssuerKeyFile.IssuerSet;

    public required CardData Card { get; init; }

    public required HolderData Holder { get; init; }

    public required MedicalData Medical { get; init; }

    public byte[]? Fingerprint { get; init; }

    public byte[]? Photo { get; init; }

    public IReadOnlyList<DfSpec> Files { get; init; } = [];

    /// <summary>The T-Union electronic purse; null for a card without one.</summary>
    public Transit.TransitProfile? Transit { get; init; }

    public bool IsThirdGeneration => string.CompareOrdinal(SpecVersion, "3.00") >= 0;
}

/// <summary>EF05 data elements.</summary>
internal sealed record CardData
{
    /// <summary>6-digit region code (administrative division).</summary>
    public required string Region { get; init; }

    public required byte[] Serial { get; init; }

    public required byte[] AuthCode { get; init; }

    public string Category { get; init; } = "1";

    /// <summary>Up to 24 digits (cn12).</summary>
    public required string InitialisingBody { get; init; }

    public required DateOnly IssueDate { get; init; }

    public required DateOnly ExpiryDate { get; init; }

    public required string CardNumber { get; init; }
}

/// <summary>EF06 data elements.</summary>
internal sealed record HolderData
{
    public required string Ssn { get; init; }

    /// <summary>The full name; what does not fit the 30 bytes of tag 09 goes to the extension, tag 4E.</summary>
    public required string Name { get; init; }

    /// <summary>'1' male, '2' female, '9' unspecified.</summary>
    public required char Sex { get; init; }

    /// <summary>Ethnicity code, up to 2 digits.</summary>
    public string Ethnicity { get; init; } = "01";

    public required string Birthplace { get; init; }

    public required DateOnly BirthDate { get; init; }
}

/// <summary>DF04 medical insurance data elements.</summary>
internal sealed record MedicalData
{
    public string InsuranceType { get; init; } = "310";

    /// <summary>1 online, 2 offline.</summary>
    public byte UsageMode { get; init; } = 1;

    public bool OfflineAllowed { get; init; } = true;

    public uint OfflineAmountFen { get; init; }

    public byte OfflineCount { get; init; }

    /// <summary>EF08 capacity (≥ 30 records).</summary>
    public int DetailCapacity { get; init; } = 30;

    /// <summary>EF08 transaction details, oldest first.</summary>
    public IReadOnlyList<MedicalTransaction> Transactions { get; init; } = [];

    /// <summary>The opening balance of a purse whose profile names none: 500.00 yuan.</summary>
    public const uint DefaultPurseBalanceFen = 50_000;

    /// <summary>Opening balance of the DF04 medical purse in fen.</summary>
    public uint PurseBalanceFen { get; init; } = DefaultPurseBalanceFen;
}

/// <summary>One EF08 cyclic record of DF04.</summary>
internal sealed record MedicalTransaction(
    ushort Sequence, char Type, string TerminalId, DateTime Time, uint AccountFen, uint SelfPayFen, uint PooledFen);

/// <summary>A DF from the profile's generic <c>files</c> section.</summary>
internal sealed record DfSpec(ReadOnlyMemory<byte> ParentAid, ReadOnlyMemory<byte> Aid, ushort? FileId, IReadOnlyList<EfSpec> Files);

/// <summary>The kinds of EF a profile can describe.</summary>
internal enum EfKind
{
    Record,
    Cyclic,
    Binary,
}

/// <summary>An EF from the profile's generic <c>files</c> section.</summary>
internal sealed record EfSpec(
    ushort? FileId, byte? Sfi, EfKind Kind, bool Tlv, AccessRule Read, AccessRule Update,
    IReadOnlyList<byte[]> Records, byte[] Data, int Capacity);
