using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace CardBridge.Bench;

/// <summary>What a run was measured on: the machine, the garbage collector, how busy the machine was.</summary>
internal static class Conditions
{
    public static string Machine { get; } = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");

    public static string Gc => GCSettings.IsServerGC ? "server" : "workstation";

    // The 1, 5 and 15 minute load averages: how busy the (shared, noisy) machine was.
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
