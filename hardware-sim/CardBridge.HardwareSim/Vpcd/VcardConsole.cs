using System.Globalization;

namespace CardBridge.HardwareSim.Vpcd;

/// <summary>
/// The line commands `cardbridge-sim vcard` reads from stdin, each answered with one line:
/// <c>ok …</c>, <c>error …</c> or, for <c>status</c>, <c>status state=… inserted=… apdus=… connect-attempts=…</c>.
/// </summary>
internal sealed class VcardConsole
{
    internal const string Help =
        "commands: insert | remove | status | quit | fault mute on|off | fault delay MS | fault remove-next | "
        + "fault sw HEX [INS-HEX] | fault corrupt-tlv on|off | fault clear";

    private readonly VpcdCardBridge _bridge;

    public VcardConsole(VpcdCardBridge bridge) => _bridge = bridge;

    /// <summary>Set once a <c>quit</c> line was read.</summary>
    public bool QuitRequested { get; private set; }

    /// <summary>The state as written on status lines: removed, connecting, connected, powered-on.</summary>
    public static string StateName(VpcdBridgeState state) => state switch
    {
        VpcdBridgeState.Removed => "removed",
        VpcdBridgeState.Connecting => "connecting",
        VpcdBridgeState.Connected => "connected",
        VpcdBridgeState.PoweredOn => "powered-on",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>Runs one command line; returns the answer line, or null for a blank line.</summary>
    public string? Execute(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return null;
        }

        var verb = words[0].ToUpperInvariant();
        return (verb, words.Length) switch
        {
            ("INSERT", 1) => Done(_bridge.Insert, "insert"),
            ("REMOVE", 1) => Done(_bridge.Remove, "remove"),
            ("STATUS", 1) => Status(),
            ("QUIT", 1) => Done(() => QuitRequested = true, "quit"),
            ("FAULT", > 1) => Fault(words[1..]),
            _ => $"error unknown command '{line.Trim()}'; {Help}",
        };
    }

    private static string Done(Action action, string what)
    {
        action();
        return $"ok {what}";
    }

    private string Status() => string.Create(
        CultureInfo.InvariantCulture,
        $"status state={StateName(_bridge.State)} inserted={(_bridge.IsInserted ? "true" : "false")} apdus={_bridge.ApdusServed} connect-attempts={_bridge.ConnectAttempts}");

    private string Fault(string[] words)
    {
        var faults = _bridge.Card.Faults;
        var what = "fault " + string.Join(' ', words);
        switch (words[0].ToUpperInvariant())
        {
            case "MUTE" when words.Length == 2 && TryOnOff(words[1], out var mute):
                faults.Mute = mute;
                return $"ok {what}";

            case "CORRUPT-TLV" when words.Length == 2 && TryOnOff(words[1], out var corrupt):
                faults.CorruptTlv = corrupt;
                return $"ok {what}";

            case "DELAY" when words.Length == 2
                && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds):
                faults.Delay = TimeSpan.FromMilliseconds(milliseconds);
                return $"ok {what}";

            case "REMOVE-NEXT" when words.Length == 1:
                faults.RemoveOnNextCommand = true;
                return $"ok {what}";

            case "SW" when words.Length is 2 or 3 && TryHex(words[1], 2, out var sw):
                byte? ins = null;
                if (words.Length == 3)
                {
                    if (!TryHex(words[2], 1, out var insValue))
                    {
                        return $"error instruction must be 2 hex digits in '{what}'";
                    }

                    ins = (byte)insValue;
                }

                faults.ForceStatusWord((ushort)sw, ins);
                return $"ok {what}";

            case "CLEAR" when words.Length == 1:
                faults.Clear();
                return $"ok {what}";

            default:
                return $"error bad fault command '{what}'; {Help}";
        }
    }

    private static bool TryOnOff(string word, out bool on)
    {
        on = word.Equals("on", StringComparison.OrdinalIgnoreCase);
        return on || word.Equals("off", StringComparison.OrdinalIgnoreCase);
    }

    private static bool TryHex(string word, int bytes, out int value)
    {
        value = 0;
        return word.Length == bytes * 2
            && int.TryParse(word, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
