using System.Globalization;

namespace CardBridge.Cli.Output;

/// <summary>Money as the service sends it, in fen (分), shown in yuan with two decimals.</summary>
internal static class Fen
{
    /// <summary><c>123.45 yuan</c>.</summary>
    public static string Yuan(long fen) => $"{Amount(fen)} yuan";

    /// <summary><c>123.45</c>, for a table column whose header names the unit.</summary>
    public static string Amount(long fen) =>
        string.Create(CultureInfo.InvariantCulture, $"{(fen < 0 ? "-" : "")}{Math.Abs(fen) / 100}.{Math.Abs(fen) % 100:00}");
}
