using System.Globalization;

namespace CardBridge.Qr.Platform;

/// <summary>Masks personal fields for display (the Qr layer does not see the Cards layer's redaction helpers).</summary>
internal static class PlatformMask
{
    /// <summary>The first character and one star per other character: 测试甲 → 测**.</summary>
    public static string Name(string? name) =>
        string.IsNullOrEmpty(name) ? "" : string.Concat(name.AsSpan(0, 1), new string('*', name.Length - 1));

    /// <summary>The first three and last two characters of a number of eight or more, stars between; shorter ones all stars.</summary>
    public static string Number(string? number) => number switch
    {
        null or "" => "",
        { Length: < 8 } => new string('*', number.Length),
        _ => string.Concat(number.AsSpan(0, 3), new string('*', number.Length - 5), number.AsSpan(number.Length - 2)),
    };

    /// <summary>Only the length of a secret.</summary>
    public static string Secret(string? secret) =>
        secret is null ? "" : string.Create(CultureInfo.InvariantCulture, $"({secret.Length} chars)");
}
