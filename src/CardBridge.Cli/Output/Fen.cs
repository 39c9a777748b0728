using System.Globalization;

namespace CardBridge.Cli.Output;

/// <summary>Money as the service sends it, in fen (分), shown in yuan with two decimals.</summary>
internal static class Fen
{
    public static string Yuan(long fen) =>
        string.Create(CultureInfo.InvariantCulture, $"{(fen < 0 ? "-" : "")}{Math.Abs(fen) / 100}.{Math.Abs(fen) % 100:00} yuan");
}
