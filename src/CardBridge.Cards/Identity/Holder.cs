using System.Globalization;
using System.Text;
using CardBridge.Cards.Privacy;

namespace CardBridge.Cards.Identity;

/// <summary>
/// EF06, the holder file, decoded and validated. <see cref="ToString"/> masks the social security number,
/// the name and the birth date.
/// </summary>
public sealed record Holder
{
    /// <summary>Tag 08, social security number (18 characters, ISO 7064 MOD 11-2 check character).</summary>
    public required string Ssn { get; init; }

    /// <summary>The full name: tag 09 with the name extension (tag 4E) appended.</summary>
    public required string Name { get; init; }

    /// <summary>Tag 0A.</summary>
    public required Sex Sex { get; init; }

    /// <summary>Tag 0B, GB 3304 ethnicity code (2 digits).</summary>
    public required string Ethnicity { get; init; }

    /// <summary>Tag 0C, birthplace region code (6 digits).</summary>
    public required string Birthplace { get; init; }

    /// <summary>Tag 0D, birth date.</summary>
    public required DateOnly BirthDate { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Ssn = ").Append(Masked.Ssn(Ssn))
            .Append(", Name = ").Append(Masked.Name(Name))
            .Append(", Sex = ").Append(Sex)
            .Append(", Ethnicity = ").Append(Ethnicity)
            .Append(", Birthplace = ").Append(Birthplace.Length >= 2 ? Birthplace[..2] + "****" : "****")
            .Append(", BirthDate = ").Append(BirthDate.Year.ToString(CultureInfo.InvariantCulture)).Append("-**-**");
        return true;
    }
}
