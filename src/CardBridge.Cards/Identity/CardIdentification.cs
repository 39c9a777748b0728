using System.Text;
using CardBridge.Cards.Privacy;
using CardBridge.Cards.Recognition;
using CardBridge.Crypto;

namespace CardBridge.Cards.Identity;

/// <summary>
/// EF05, the card identification file, decoded and validated. <see cref="ToString"/> masks the card number
/// and the card identification code.
/// </summary>
public sealed record CardIdentification
{
    /// <summary>Tag 01, 16 bytes: region (BCD) ‖ D156000005 ‖ serial ‖ authentication code.</summary>
    public required ReadOnlyMemory<byte> CardIdentificationCode { get; init; }

    /// <summary>The card identification code as 32 upper-case hex characters (how the standard interface prints it).</summary>
    public string CardIdentificationCodeHex => Convert.ToHexString(CardIdentificationCode.Span);

    /// <summary>The issuing region: 6-digit administrative division code, the first 3 bytes of the identification code.</summary>
    public required string Region { get; init; }

    /// <summary>Tag 02, card category (an1).</summary>
    public required string CardCategory { get; init; }

    /// <summary>Tag 03, spec version ("3.00", "2.00", "1.00").</summary>
    public required string SpecVersion { get; init; }

    /// <summary>The generation the spec version tells.</summary>
    public required CardGeneration Generation { get; init; }

    /// <summary>The SSSE's algorithm from its FCI; null when the card does not announce one.</summary>
    public required CardAlgorithm? Algorithm { get; init; }

    /// <summary>Tag 04, initialising body (cn12: up to 24 digits).</summary>
    public required string InitialisingBody { get; init; }

    /// <summary>Tag 05, issue date.</summary>
    public required DateOnly IssueDate { get; init; }

    /// <summary>Tag 06, expiry date (the last day the card is valid).</summary>
    public required DateOnly ExpiryDate { get; init; }

    /// <summary>Tag 07, card number (an9).</summary>
    public required string CardNumber { get; init; }

    /// <summary>The historical bytes of the card's ATR.</summary>
    public required ReadOnlyMemory<byte> AtrHistoricalBytes { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("CardIdentificationCode = ").Append(Masked.CardNumber(CardIdentificationCodeHex))
            .Append(", Region = ").Append(Region)
            .Append(", CardCategory = ").Append(CardCategory)
            .Append(", SpecVersion = ").Append(SpecVersion)
            .Append(", Generation = ").Append(Generation)
            .Append(", Algorithm = ").Append(Algorithm)
            .Append(", InitialisingBody = ").Append(InitialisingBody)
            .Append(", IssueDate = ").Append(IssueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .Append(", ExpiryDate = ").Append(ExpiryDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .Append(", CardNumber = ").Append(Masked.CardNumber(CardNumber))
            .Append(", AtrHistoricalBytes = ").Append(Convert.ToHexString(AtrHistoricalBytes.Span));
        return true;
    }
}
