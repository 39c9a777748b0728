using CardBridge.Crypto;
using System.Globalization;
using System.Text;
using CardBridge.Cards.Identity;

namespace CardBridge.Cards.Interop;

/// <summary>
/// The output of the national standard reader interface that legacy HIS code parses (DESIGN §8):
/// <c>iReadCardBas</c> gives 11 fields, each followed by <c>|</c>. CardBridge produces it from an identity read
/// so such callers consume its output unchanged.
/// </summary>
public static class StandardReaderFormat
{
    /// <summary>The terminal number field when no PSAM is present.</summary>
    public const string NoTerminalNumber = "000000000000";

    /// <summary>
    /// <c>region | SSN | card number | card identification code | name | ATR historical bytes (hex) | spec version |
    /// issue date | expiry | terminal number | device number |</c>, dates as YYYYMMDD.
    /// </summary>
    /// <param name="read">An identity read that includes the holder.</param>
    /// <param name="terminalNumber">The PSAM's terminal number; null without a PSAM (<see cref="NoTerminalNumber"/>).</param>
    /// <param name="deviceNumber">The reader's device number.</param>
    /// <exception cref="ArgumentException">The read has no holder part, or a field would contain the separator.</exception>
    public static string ReadCardBas(IdentityReadResult read, string? terminalNumber, string deviceNumber)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(deviceNumber);
        if (read.Holder is not { } holder)
        {
            throw new ArgumentException($"iReadCardBas needs the holder part, which this read lacks ({read.HolderUnavailable})", nameof(read));
        }
        var card = read.Card;
        return Join(
            card.Region,
            holder.Ssn,
            card.CardNumber,
            card.CardIdentificationCodeHex,
            holder.Name,
            Convert.ToHexString(card.AtrHistoricalBytes.Span),
            card.SpecVersion,
            Date(card.IssueDate),
            Date(card.ExpiryDate),
            terminalNumber ?? NoTerminalNumber,
            deviceNumber);
    }

    /// <summary>
    /// <c>iReadCardBas_HSM_Step1</c> output: <c>region | ATR historical bytes | algorithm id | card identification code |
    /// internal-auth input | internal-auth data | external-auth input | external-auth data |</c>, byte strings in
    /// upper-case hex, the algorithm as its FCI tag 86 value (<c>01</c> DES, <c>02</c> SSF33, <c>03</c> SM4).
    /// </summary>
    /// <param name="card">The card identification part of an identity read (the card must announce its algorithm).</param>
    /// <param name="challenge">What the terminal collected for the HSM.</param>
    /// <exception cref="ArgumentException">The card announced no algorithm.</exception>
    public static string HsmStep1(CardIdentification card, HsmChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(challenge);
        if (card.Algorithm is not { } algorithm)
        {
            throw new ArgumentException("the card announced no algorithm (SSSE FCI tag 86)", nameof(card));
        }
        return HsmStep1(card.CardIdentificationCode, card.AtrHistoricalBytes, algorithm, challenge);
    }

    /// <summary>
    /// The step-1 output for a card that needs no external authentication (1.00 and 2.00 cards): the card's fields with the
    /// four authentication fields empty, the algorithm empty when the card announces none.
    /// </summary>
    public static string HsmStep1WithoutAuthentication(CardIdentification card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return Join(
            card.Region,
            Convert.ToHexString(card.AtrHistoricalBytes.Span),
            card.Algorithm is { } algorithm ? ((byte)algorithm).ToString("X2", CultureInfo.InvariantCulture) : "",
            card.CardIdentificationCodeHex,
            "", "", "", "");
    }

    /// <summary>The fields of a standard output, each followed by <c>|</c>.</summary>
    /// <exception cref="ArgumentException">A field contains the separator.</exception>
    public static string Fields(params ReadOnlySpan<string> fields) => Join(fields);

    /// <summary>The same output from the raw card data an HSM step-1 request carries.</summary>
    /// <param name="cardIdentificationCode">EF05 tag 01 (16 bytes); its first 3 bytes are the region code.</param>
    /// <param name="atrHistoricalBytes">The ATR's historical bytes.</param>
    /// <param name="algorithm">The SSSE algorithm.</param>
    /// <param name="challenge">What the terminal collected for the HSM.</param>
    public static string HsmStep1(
        ReadOnlyMemory<byte> cardIdentificationCode, ReadOnlyMemory<byte> atrHistoricalBytes, CardAlgorithm algorithm, HsmChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (cardIdentificationCode.Length < 3)
        {
            throw new ArgumentException("the card identification code is shorter than its region code", nameof(cardIdentificationCode));
        }
        return Join(
            Convert.ToHexString(cardIdentificationCode.Span[..3]),
            Convert.ToHexString(atrHistoricalBytes.Span),
            ((byte)algorithm).ToString("X2", CultureInfo.InvariantCulture),
            Convert.ToHexString(cardIdentificationCode.Span),
            Convert.ToHexString(challenge.InternalAuthInput.Span),
            Convert.ToHexString(challenge.InternalAuthData.Span),
            Convert.ToHexString(challenge.ExternalAuthInput.Span),
            Convert.ToHexString(challenge.ExternalAuthData.Span));
    }

    /// <summary>
    /// The bytes legacy callers expect: GBK, written with GB18030 (byte-identical to GBK for every GBK character;
    /// a rare character outside GBK keeps the 4-byte GB18030 form the card itself stores).
    /// </summary>
    public static byte[] ToLegacyBytes(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Identity.DataElement.Gb18030.GetBytes(output);
    }

    private static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Join(params ReadOnlySpan<string> fields)
    {
        var builder = new StringBuilder();
        foreach (var field in fields)
        {
            if (field.Contains('|', StringComparison.Ordinal))
            {
                throw new ArgumentException("a field contains the separator '|'", nameof(fields));
            }
            builder.Append(field).Append('|');
        }
        return builder.ToString();
    }
}
