using System.Globalization;
using CardBridge.Simulation.Centre;
using CardBridge.Simulation.Profiles;

namespace CardBridge.HardwareSim.Centre;

/// <summary>
/// The line commands <c>cardbridge-sim centre</c> reads from stdin, each answered with one line <c>ok …</c> or
/// <c>error …</c>: <c>down</c>, <c>up</c> (clears every fault), <c>slow MS [INFNO]</c>, <c>5xx [INFNO]</c>,
/// <c>malformed [INFNO]</c>, <c>drop [INFNO]</c> (commit-then-drop), <c>balance PSN_NO</c>, and
/// <c>list add|remove LIST CARD</c>, which publishes a rider list change under a new version (CARD is a card number or
/// a transit rider profile such as <c>transit/ordinary</c>).
/// </summary>
internal sealed class CentreConsole(SimulatedCentre centre)
{
    internal const string Help = "commands: down | up | slow MS [INFNO] | 5xx [INFNO] | malformed [INFNO] | drop [INFNO] | balance PSN_NO | list add|remove LIST CARD";

    /// <summary>Runs one command line; returns the answer line, or null for a blank line.</summary>
    public string? Execute(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return null;
        }
        var only = words.Length > 1 ? words[^1] : null;
        switch (words[0].ToUpperInvariant(), words.Length)
        {
            case ("DOWN", 1):
                centre.InjectFault(new CentreFaultRule(CentreFault.Down));
                return "ok down";
            case ("UP", 1):
                centre.ClearFaults();
                return "ok up";
            case ("SLOW", 2 or 3) when int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ms):
                centre.InjectFault(new CentreFaultRule(CentreFault.Slow, OnlyInfNo: words.Length == 3 ? only : null, Delay: TimeSpan.FromMilliseconds(ms)));
                return "ok slow";
            case ("5XX", 1 or 2):
                centre.InjectFault(new CentreFaultRule(CentreFault.ServerError, OnlyInfNo: words.Length == 2 ? only : null));
                return "ok 5xx";
            case ("MALFORMED", 1 or 2):
                centre.InjectFault(new CentreFaultRule(CentreFault.MalformedJson, OnlyInfNo: words.Length == 2 ? only : null));
                return "ok malformed";
            case ("DROP", 1 or 2):
                centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, OnlyInfNo: words.Length == 2 ? only : null));
                return "ok drop";
            case ("BALANCE", 2):
                try
                {
                    return string.Create(CultureInfo.InvariantCulture, $"ok balance {words[1]} {centre.AccountBalanceFen(words[1])}");
                }
                catch (KeyNotFoundException)
                {
                    return $"error unknown person {words[1]}";
                }
            case ("LIST", 4) when words[1] is "add" or "remove":
                var card = CardNumberOf(words[3]);
                if (card is null)
                {
                    return $"error unknown rider {words[3]}";
                }
                var version = words[1] == "add" ? centre.AddToRiderList(words[2], card) : centre.RemoveFromRiderList(words[2], card);
                return $"ok list {words[2]} {version}";
            default:
                return $"error unknown command '{line.Trim()}'; {Help}";
        }
    }

    // A transit rider's profile name stands for its card number; anything else is the card number itself.
    private static string? CardNumberOf(string rider) =>
        rider.StartsWith("transit/", StringComparison.Ordinal)
            ? TransitRiders.All.FirstOrDefault(r => r.Profile == rider)?.CardNumber
            : rider;
}
