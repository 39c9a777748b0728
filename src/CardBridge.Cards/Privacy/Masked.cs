using System.Globalization;
using System.Text;

namespace CardBridge.Cards.Privacy;

/// <summary>
/// Redaction of personal data for logs, audit lines and callers not entitled to the full value (DESIGN §4):
/// SSN and card identifiers keep their first and last four characters, PANs their first and last four
/// digits in groups, names their first character.
/// </summary>
public static class Masked
{
    /// <summary><c>4201**********1234</c>: first 4 and last 4 characters of a social security number.</summary>
    public static string Ssn(string? ssn) => KeepEnds(ssn, 4, 4);

    /// <summary>Card number or card identification code: first 2 and last 2 characters kept.</summary>
    public static string CardNumber(string? cardNumber) => KeepEnds(cardNumber, 2, 2);

    /// <summary><c>6217 **** **** 1234</c>: a bank card number with its first and last four digits.</summary>
    public static string Pan(string? pan)
    {
        if (string.IsNullOrEmpty(pan))
        {
            return string.Empty;
        }
        var digits = pan.Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length <= 8)
        {
            return new string('*', digits.Length);
        }
        return GroupedByFour(string.Concat(digits.AsSpan(0, 4), new string('*', digits.Length - 8), digits.AsSpan(digits.Length - 4)));
    }

    /// <summary><c>6217 9900 0700 0001</c>: a bank card number (or its masked form) in groups of four, as printed on cards.</summary>
    public static string GroupedByFour(string pan)
    {
        ArgumentNullException.ThrowIfNull(pan);
        var grouped = new StringBuilder();
        for (var i = 0; i < pan.Length; i += 4)
        {
            if (i > 0)
            {
                grouped.Append(' ');
            }
            grouped.Append(pan.AsSpan(i, Math.Min(4, pan.Length - i)));
        }
        return grouped.ToString();
    }

    /// <summary><c>张*</c>: the first character (a whole Unicode text element, so rare characters stay intact) and one star per further element.</summary>
    public static string Name(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return string.Empty;
        }
        var elements = StringInfo.GetTextElementEnumerator(name);
        var result = new StringBuilder();
        var first = true;
        while (elements.MoveNext())
        {
            result.Append(first ? elements.GetTextElement() : "*");
            first = false;
        }
        return result.ToString();
    }

    private static string KeepEnds(string? value, int head, int tail)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }
        if (value.Length <= head + tail)
        {
            return new string('*', value.Length);
        }
        return string.Concat(value.AsSpan(0, head), new string('*', value.Length - head - tail), value.AsSpan(value.Length - tail));
    }
}
