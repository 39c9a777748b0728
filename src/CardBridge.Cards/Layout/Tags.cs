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

    /// <summary>"EF06 tag 0D birth date": how errors name a data element.</summary>
    internal static string Describe(string tag) => tag.ToUpperInvariant() switch
    {
        CardIdentificationCode => "EF05 tag 01 card identification code",
        CardCategory => "EF05 tag 02 card category",
        SpecVersion => "EF05 tag 03 spec version",
        InitialisingBody => "EF05 tag 04 initialising body",
        IssueDate => "EF05 tag 05 issue date",
        ExpiryDate => "EF05 tag 06 expiry date",
        CardNumber => "EF05 tag 07 card number",
        Ssn => "EF06 tag 08 social security number",
        Name => "EF06 tag 09 name",
        NameExtension => "EF06 tag 4E name extension",
        Sex => "EF06 tag 0A sex",
        Ethnicity => "EF06 tag 0B ethnicity",
        Birthplace => "EF06 tag 0C birthplace",
        BirthDate => "EF06 tag 0D birth date",
        _ => "tag " + tag,
    };

    internal static IReadOnlyList<string> CardFileTags { get; } =
        [CardIdentificationCode, CardCategory, SpecVersion, InitialisingBody, IssueDate, ExpiryDate, CardNumber];

    internal static IReadOnlyList<string> HolderFileTags { get; } =
        [Ssn, Name, NameExtension, Sex, Ethnicity, Birthplace, BirthDate];
}
