using System.Text.Json;
using System.Text.RegularExpressions;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Service.Tests.Logging;

/// <summary>
/// Finds personal values that must never appear unmasked in any log line: each value as a whole (a digit-only
/// value only as a whole digit run, so "123456" is not found inside a longer number).
/// </summary>
internal sealed class LeakScanner
{
    private readonly List<(string Value, Regex Pattern)> _secrets;

    public LeakScanner(IEnumerable<string> secrets)
    {
        _secrets = [.. secrets.Distinct(StringComparer.Ordinal).Select(s => (s, new Regex(
            s.All(char.IsAsciiDigit) ? $@"(?<!\d){Regex.Escape(s)}(?!\d)" : Regex.Escape(s),
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)))];
    }

    public IReadOnlyList<string> Secrets => [.. _secrets.Select(s => s.Value)];

    /// <summary>Every (source, line, value) where a value shows unmasked.</summary>
    public IReadOnlyList<string> Scan(string source, IEnumerable<string> lines) =>
        [.. lines.SelectMany((line, index) => _secrets.Where(s => s.Pattern.IsMatch(line))
            .Select(s => $"{source}:{index + 1}: '{s.Value}' in {line}"))];

    /// <summary>
    /// The personal values of the simulator's social security card profiles, read from the files it loads
    /// (<see cref="CardProfiles.Directory"/>): names, SSNs, card numbers, card identification codes, bank PANs (plain and
    /// grouped), PAN-like application serials, birth dates as written and compact.
    /// </summary>
    public static IEnumerable<string> ProfileValues()
    {
        foreach (var path in Directory.EnumerateFiles(CardProfiles.Directory, "*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (!root.TryGetProperty("type", out var type) || type.GetString() != "socialSecurityCard")
            {
                continue;
            }
            var card = root.GetProperty("card");
            var holder = root.GetProperty("holder");
            yield return holder.GetProperty("name").GetString()!;
            yield return holder.GetProperty("ssn").GetString()!;
            var birthDate = holder.GetProperty("birthDate").GetString()!;
            yield return birthDate;
            yield return birthDate.Replace("-", "", StringComparison.Ordinal);
            yield return card.GetProperty("cardNumber").GetString()!;
            yield return card.GetProperty("region").GetString() + "D156000005" + card.GetProperty("serial").GetString()
                + card.GetProperty("authCode").GetString();
            if (root.TryGetProperty("unionPay", out var unionPay))
            {
                // The bank PAN, as the card holds it and as CardService groups it for bank.full.
                var pan = unionPay.GetProperty("pan").GetString()!;
                yield return pan;
                yield return CardBridge.Cards.Privacy.Masked.GroupedByFour(pan);
            }
            if (root.TryGetProperty("transit", out var transit) && transit.TryGetProperty("applicationSerial", out var serial))
            {
                yield return serial.GetString()!;
            }
        }
    }
}
