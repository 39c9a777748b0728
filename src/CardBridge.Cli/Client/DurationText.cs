using System.Globalization;

namespace CardBridge.Cli.Client;

/// <summary>
/// Durations as operators type them: <c>30s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c>, combinations such as
/// <c>1m30s</c>, or a bare number of seconds.
/// </summary>
internal static class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var rest = text.Trim();
        if (rest.Length == 0)
        {
            return false;
        }
        if (double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out var bareSeconds))
        {
            duration = TimeSpan.FromSeconds(bareSeconds);
            return bareSeconds >= 0;
        }
        while (rest.Length > 0)
        {
            var digits = 0;
            while (digits < rest.Length && (char.IsAsciiDigit(rest[digits]) || rest[digits] == '.'))
            {
                digits++;
            }
            var units = digits;
            while (units < rest.Length && char.IsAsciiLetter(rest[units]))
            {
                units++;
            }
            if (digits == 0 || units == digits
                || !double.TryParse(rest.AsSpan(0, digits), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }
            TimeSpan? part = rest[digits..units] switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                _ => null,
            };
            if (part is null)
            {
                return false;
            }
            duration += part.Value;
            rest = rest[units..];
        }
        return true;
    }

    /// <summary>
    /// A duration the way <see cref="TryParse"/> reads it back: <c>2h5m3s</c>, <c>45s</c>, <c>120ms</c> (milliseconds
    /// shown only under a minute); zero is <c>0s</c>.
    /// </summary>
    public static string Format(TimeSpan duration)
    {
        var parts = new List<string>();
        var hours = (long)duration.TotalHours;
        if (hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{hours}h"));
        }
        if (duration.Minutes > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}m"));
        }
        if (duration.Seconds > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Seconds}s"));
        }
        if (duration.Milliseconds > 0 && duration < TimeSpan.FromMinutes(1))
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Milliseconds}ms"));
        }
        return parts.Count == 0 ? "0s" : string.Concat(parts);
    }

    /// <summary>An option taking a positive duration, reported as a usage error when malformed.</summary>
    public static System.CommandLine.Option<TimeSpan?> Option(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result =>
        {
            var token = result.Tokens.Single().Value;
            if (TryParse(token, out var duration) && duration > TimeSpan.Zero)
            {
                return duration;
            }
            result.AddError($"'{token}' is not a duration (e.g. 30s, 500ms, 2m, 1m30s)");
            return null;
        },
    };
}
