using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using CardBridge.Cards.Privacy;
using Serilog.Events;
using Serilog.Parsing;

namespace CardBridge.Service.Logging;

/// <summary>
/// The redaction policy of the diagnostic log (DESIGN §4): every event is rewritten before any sink sees it.
/// Text anywhere (message template text, string values at any depth, exception text) has SSN-shaped values,
/// card identification codes, social security card numbers and PAN-shaped digit runs masked; properties whose
/// names say they hold a name, SSN, card number, PAN, birth date or PIN are masked whatever their value looks like.
/// </summary>
internal static partial class LogRedactionPolicy
{
    private enum Kind
    {
        None,
        Name,
        Ssn,
        CardNumber,
        Pan,
        Secret,
    }

    private const string SecretMask = "***";

    // The shortest digit run any shape below starts from: a PAN group.
    private const int ShortestDigitRun = 4;

    // A template's text is the same at every event that uses it (Serilog parses each template once): redacted once.
    private static readonly ConditionalWeakTable<MessageTemplate, MessageTemplate> RedactedTemplates = new();

    // Names compare without case, '_' or '-' (holder_name, HolderName, holder-name).
    private static readonly Dictionary<string, Kind> SensitiveNames = new(StringComparer.Ordinal)
    {
        ["name"] = Kind.Name, ["holdername"] = Kind.Name, ["fullname"] = Kind.Name, ["personname"] = Kind.Name,
        ["patientname"] = Kind.Name, ["username"] = Kind.Name, ["psnname"] = Kind.Name, ["namemasked"] = Kind.Name,
        ["ssn"] = Kind.Ssn, ["holderssn"] = Kind.Ssn, ["socialsecuritynumber"] = Kind.Ssn, ["idnumber"] = Kind.Ssn,
        ["idno"] = Kind.Ssn, ["certno"] = Kind.Ssn,
        ["cardnumber"] = Kind.CardNumber, ["cardno"] = Kind.CardNumber, ["cardnumbermasked"] = Kind.CardNumber,
        ["cardidentificationcode"] = Kind.CardNumber,
        ["pan"] = Kind.Pan, ["primaryaccountnumber"] = Kind.Pan, ["accountnumber"] = Kind.Pan, ["bankcardnumber"] = Kind.Pan,
        ["birthdate"] = Kind.Secret, ["dateofbirth"] = Kind.Secret, ["pin"] = Kind.Secret, ["currentpin"] = Kind.Secret,
        ["newpin"] = Kind.Secret, ["oldpin"] = Kind.Secret, ["password"] = Kind.Secret,
    };

    /// <summary>An SSN: 17 digits and a check character (digit or X).</summary>
    [GeneratedRegex(@"(?<!\d)\d{17}[\dXx](?![\dA-Za-z])")]
    private static partial Regex SsnShape();

    /// <summary>A card identification code (EF05 tag 01) as hex: region, D156000005, serial, auth code.</summary>
    [GeneratedRegex(@"(?<![0-9A-Fa-f])\d{6}[Dd]156000005[0-9A-Fa-f]{16}(?![0-9A-Fa-f])")]
    private static partial Regex CardIdentificationCodeShape();

    /// <summary>A social security card number (an9): one to three capital letters, then digits, nine in all.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])(?=[A-Z0-9]{9}(?![0-9A-Za-z]))[A-Z]{1,3}\d{6,8}(?![0-9A-Za-z])")]
    private static partial Regex CardNumberShape();

    /// <summary>A PAN written without separators: 13 to 19 digits.</summary>
    [GeneratedRegex(@"(?<!\d)\d{13,19}(?!\d)")]
    private static partial Regex PanShape();

    /// <summary>A PAN written in groups (<c>6217 9900 0700 0001</c>, <c>6217-9900-…</c>).</summary>
    [GeneratedRegex(@"(?<!\d)\d{4}(?<sep>[ -])\d{4,6}(?:\k<sep>\d{1,5}){1,3}(?!\d)")]
    private static partial Regex GroupedPanShape();

    /// <summary>A JSON member or key=value pair in text, so a sensitive key inside a rendered object is masked too.</summary>
    [GeneratedRegex("(?<q>\"?)(?<key>[A-Za-z_][A-Za-z0-9_-]*)\\k<q>(?<sep>\\s*[:=]\\s*)(?<vq>\")(?<value>(?:[^\"\\\\]|\\\\.)*)\"|(?<key>[A-Za-z_][A-Za-z0-9_-]*)=(?<value>[^\\s,;&}\\]\"]+)")]
    private static partial Regex KeyValueShape();

    /// <summary>The event every sink gets: template text, properties and exception redacted.</summary>
    public static LogEvent Redact(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var properties = logEvent.Properties.Select(p => new LogEventProperty(p.Key, RedactValue(p.Key, p.Value, Kind.None)));
        var exception = logEvent.Exception is null ? null : new RedactedException(logEvent.Exception);
        return new LogEvent(logEvent.Timestamp, logEvent.Level, exception, RedactTemplate(logEvent.MessageTemplate),
            properties, logEvent.TraceId ?? default, logEvent.SpanId ?? default);
    }

    /// <summary>Masks every sensitive shape in free text.</summary>
    public static string RedactText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!MayHoldShape(text))
        {
            return text;
        }
        var result = KeyValueShape().Replace(text, m =>
        {
            var kind = KindOfName(m.Groups["key"].Value);
            if (kind == Kind.None)
            {
                return m.Value;
            }
            var value = m.Groups["value"];
            return string.Concat(m.Value.AsSpan(0, value.Index - m.Index), Mask(kind, value.Value), m.Value.AsSpan(value.Index - m.Index + value.Length));
        });
        result = CardIdentificationCodeShape().Replace(result, m => Masked.CardNumber(m.Value));
        result = SsnShape().Replace(result, m => Masked.Ssn(m.Value));
        result = PanShape().Replace(result, m => Masked.Pan(m.Value));
        result = GroupedPanShape().Replace(result, m =>
        {
            var digits = m.Value.Count(char.IsAsciiDigit);
            return digits is >= 13 and <= 19 ? Masked.Pan(m.Value.Replace('-', ' ')) : m.Value;
        });
        return CardNumberShape().Replace(result, m => Masked.CardNumber(m.Value));
    }

    // Every shape needs a ':' or '=' (a key and its value) or a run of at least four digits (\d: any Unicode digit, as
    // the shapes' own \d): text with neither is left as it is, without running the shapes over it.
    private static bool MayHoldShape(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (c is ':' or '=')
            {
                return true;
            }
            digits = char.IsDigit(c) ? digits + 1 : 0;
            if (digits == ShortestDigitRun)
            {
                return true;
            }
        }
        return false;
    }

    private static MessageTemplate RedactTemplate(MessageTemplate template) => RedactedTemplates.GetValue(template, RedactTemplateText);

    private static MessageTemplate RedactTemplateText(MessageTemplate template)
    {
        var changed = false;
        var tokens = new List<MessageTemplateToken>();
        var text = new StringBuilder();
        foreach (var token in template.Tokens)
        {
            if (token is TextToken literal)
            {
                var redacted = RedactText(literal.Text);
                changed |= !ReferenceEquals(redacted, literal.Text) && redacted != literal.Text;
                tokens.Add(new TextToken(redacted));
                text.Append(redacted.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
            }
            else
            {
                tokens.Add(token);
                text.Append(token.ToString());
            }
        }
        return changed ? new MessageTemplate(text.ToString(), tokens) : template;
    }

    private static LogEventPropertyValue RedactValue(string? name, LogEventPropertyValue value, Kind inherited)
    {
        var kind = name is null ? Kind.None : KindOfName(name);
        if (kind == Kind.None)
        {
            kind = inherited;
        }
        switch (value)
        {
            case ScalarValue { Value: null }:
                return value;
            case ScalarValue scalar:
                var text = scalar.Value is string s ? s : Convert.ToString(scalar.Value, CultureInfo.InvariantCulture) ?? "";
                if (kind != Kind.None)
                {
                    return new ScalarValue(Mask(kind, text));
                }
                var redacted = RedactText(text);
                return redacted == text ? value : new ScalarValue(redacted);
            case SequenceValue sequence:
                return new SequenceValue(sequence.Elements.Select(e => RedactValue(null, e, kind)));
            case StructureValue structure:
                // EventId's Name is the event's name, not a person's.
                var isEventId = string.Equals(name, "EventId", StringComparison.Ordinal);
                return new StructureValue(
                    structure.Properties.Select(p => new LogEventProperty(p.Name,
                        isEventId ? p.Value : RedactValue(p.Name, p.Value, kind))),
                    structure.TypeTag);
            case DictionaryValue dictionary:
                return new DictionaryValue(dictionary.Elements.Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>(
                    (ScalarValue)RedactValue(null, e.Key, kind),
                    RedactValue(e.Key.Value as string, e.Value, kind))));
            default:
                return new ScalarValue(kind != Kind.None ? Mask(kind, value.ToString()) : RedactText(value.ToString()));
        }
    }

    private static Kind KindOfName(string name)
    {
        var normalised = name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal)
            .ToLowerInvariant();
        return SensitiveNames.GetValueOrDefault(normalised, Kind.None);
    }

    private static string Mask(Kind kind, string value) => kind switch
    {
        Kind.Name => Masked.Name(value),
        Kind.Ssn => Masked.Ssn(value),
        Kind.CardNumber => Masked.CardNumber(value),
        Kind.Pan => Masked.Pan(value),
        Kind.Secret => SecretMask,
        _ => RedactText(value),
    };
}
