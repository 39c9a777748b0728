namespace CardBridge.Cards.Layout;

/// <summary>Data element tags of EF05 and EF06 (DESIGN §8), as the hex strings layouts use.</summary>
public static class Tags
{
    /// <summary>EF05 01: card identification code.</summary>
    public const string CardIdentificationCode = "01";

    /// <summary>EF05 02: card category.</summary>
    public const string CardCategory = "02";

    /// <summary>EF05 03: spec version.</summary>
    public const string SpecVersion = "03";

    /// <summary>EF05 04: initialising body.</summary>
    public const string InitialisingBody = "04";

    /// <summary>EF05 05: issue date.</summary>
    public const string IssueDate = "05";

    /// <summary>EF05 06: expiry date.</summary>
    public const string ExpiryDate = "06";

    /// <summary>EF05 07: card number.</summary>
    public const string CardNumber = "07";

    /// <summary>EF06 08: social security number.</summary>
    public const string Ssn = "08";

    /// <summary>EF06 09: name.</summary>
    public const string Name = "09";

    /// <summary>EF06 4E: name extension.</summary>
    public const string NameExtension = "4E";

    /// <summary>EF06 0A: sex.</summary>
    public const string Sex = "0A";

    /// <summary>EF06 0B: ethnicity.</summary>
    public const string Ethnicity = "0B";

    /// <summary>EF06 0C: birthplace.</summary>
    public const string Birthplace = "0C";

    /// <summary>EF06 0D: birth date.</summary>
    public const string BirthDate = "0D";

    internal static IReadOnlyList<string> CardFileTags { get; } =
        [CardIdentificationCode, CardCategory, SpecVersion, InitialisingBody, IssueDate, ExpiryDate, CardNumber];

    internal static IReadOnlyList<string> HolderFileTags { get; } =
        [Ssn, Name, NameExtension, Sex, Ethnicity, Birthplace, BirthDate];
}
