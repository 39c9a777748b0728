using System.Globalization;
using CardBridge.Cards.Identity;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Financial;

/// <summary>
/// The card's financial application (PBOC/UnionPay debit, AID <c>A000000333010101</c>), read for payouts:
/// SELECT by AID, then READ RECORD SFI 1 record 1 for the record template <c>70 { 5A PAN, 5F24 expiry }</c>.
/// The PAN is checked (digits, 12–19 of them, Luhn) and returned masked unless the caller is entitled to it.
/// </summary>
/// <param name="card">The card to read.</param>
public sealed class FinancialApplication(ICardChannel card)
{
    /// <summary>The UnionPay debit AID.</summary>
    public static readonly ReadOnlyMemory<byte> Aid = Convert.FromHexString("A000000333010101");

    private const byte RecordSfi = 0x01;
    private const uint RecordTemplate = 0x70;
    private const uint PanTag = 0x5A;
    private const uint ExpiryTag = 0x5F24;

    private readonly ICardChannel _card = card ?? throw new ArgumentNullException(nameof(card));

    /// <summary>
    /// Reads PAN and expiry. <paramref name="revealPan"/> is the caller's entitlement to the full PAN (payout
    /// systems that must transfer money to it); without it <see cref="BankAccountReference.Pan"/> is masked.
    /// </summary>
    /// <exception cref="FinancialApplicationNotFoundException">The card has no UnionPay application.</exception>
    /// <exception cref="CardDataException">The record is malformed, the PAN fails its Luhn check, or the expiry is not a date.</exception>
    /// <exception cref="CardCommandException">The card refused the read.</exception>
    public async Task<BankAccountReference> ReadAsync(bool revealPan, CancellationToken cancellationToken)
    {
        if (await CardCommand.SendOrNullAsync(_card, CommandApdu.SelectByName(Aid), StatusWord.FileNotFound, "SELECT UnionPay", cancellationToken) is null)
        {
            throw new FinancialApplicationNotFoundException("the card has no UnionPay application (A000000333010101)");
        }
        var read = await CardCommand.SendAsync(_card, CommandApdu.ReadRecord(RecordSfi, 1), "READ RECORD UnionPay SFI 1/1", cancellationToken);
        var (pan, expiry) = Parse(read.Data);
        return new BankAccountReference(pan, revealPan, expiry);
    }

    internal static (string Pan, DateOnly Expiry) Parse(ReadOnlyMemory<byte> record)
    {
        BerTlv template;
        try
        {
            template = BerTlv.ParseSingle(record);
        }
        catch (TlvFormatException e)
        {
            throw new CardDataException("UnionPay record: malformed TLV", e);
        }
        if (template.Tag != RecordTemplate)
        {
            throw new CardDataException($"UnionPay record: template {template.Tag:X2}, expected 70");
        }
        var panTlv = template.Find(PanTag) ?? throw new CardDataException("UnionPay record has no PAN (5A)");
        var expiryTlv = template.Find(ExpiryTag) ?? throw new CardDataException("UnionPay record has no expiry (5F24)");
        return (ParsePan(panTlv.Value.Span), ParseExpiry(expiryTlv.Value.Span));
    }

    // Compressed numeric (EMV Book 3 §4.3): BCD digits, trailing F padding.
    private static string ParsePan(ReadOnlySpan<byte> value)
    {
        var pan = DataElement.TryDigits(value) ?? throw new CardDataException("UnionPay PAN is not compressed numeric");
        if (pan.Length is < 12 or > 19)
        {
            throw new CardDataException($"UnionPay PAN has {pan.Length} digits, expected 12 to 19");
        }
        // The message never carries the PAN: errors end up in logs.
        return Luhn(pan) ? pan : throw new CardDataException("UnionPay PAN fails its Luhn check digit");
    }

    // ISO/IEC 7812-1 Annex B: double every second digit from the right, sum the digits, total ≡ 0 (mod 10).
    internal static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    // n6 YYMMDD; EMV Book 4 §6.7.3: YY 00–49 is 20YY, 50–99 is 19YY.
    private static DateOnly ParseExpiry(ReadOnlySpan<byte> value)
    {
        var text = Convert.ToHexString(value);
        if (value.Length != 3 || !text.All(char.IsAsciiDigit))
        {
            throw new CardDataException("UnionPay expiry (5F24) is not YYMMDD");
        }
        var yy = int.Parse(text.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var full = (yy < 50 ? 2000 + yy : 1900 + yy).ToString(CultureInfo.InvariantCulture) + text[2..];
        return DateOnly.TryParseExact(full, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CardDataException("UnionPay expiry (5F24) is not a calendar date");
    }
}
