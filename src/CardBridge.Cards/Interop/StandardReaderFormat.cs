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
