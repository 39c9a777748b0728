using System.Globalization;
using System.Text.Json.Nodes;

namespace CardBridge.Simulation.Centre;

/// <summary>How the simulated centre reads requests and writes answers: the platform's JSON (DESIGN §9), computed here independently of the terminal's code.</summary>
internal static class CentreWire
{
    public static JsonObject Output(JsonObject output) => new() { ["infcode"] = 0, ["err_msg"] = "", ["output"] = output };

    public static JsonObject Refusal(string reason) => new() { ["infcode"] = -1, ["err_msg"] = reason, ["output"] = null };

    public static decimal Yuan(long fen) => fen / 100m;

    public static string Text(JsonObject parent, string name) =>
        parent[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    public static JsonObject Object(JsonObject parent, string name) =>
        parent[name] as JsonObject ?? throw new RefusedException($"{name} is missing");

    public static JsonArray Array(JsonObject parent, string name) =>
        parent[name] as JsonArray ?? throw new RefusedException($"{name} is missing");

    public static long Fen(JsonObject parent, string name)
    {
        if (parent[name] is not JsonValue value || !value.TryGetValue<decimal>(out var yuan) || Math.Abs(yuan) > 1_000_000_000m)
        {
            throw new RefusedException($"{name} is not an amount");
        }
        var fen = yuan * 100m;
        return fen == decimal.Truncate(fen) ? (long)fen : throw new RefusedException($"{name} has a fraction of a fen");
    }

    public static decimal Number(JsonObject parent, string name) =>
        parent[name] is JsonValue value && value.TryGetValue<decimal>(out var number) ? number : throw new RefusedException($"{name} is not a number");

    public static string Serial(string prefix, long serial) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{serial:D8}");
}

/// <summary>A request the simulated centre refuses (infcode −1 with the message).</summary>
internal sealed class RefusedException(string message) : Exception(message);
