using System.Security.Cryptography;
using System.Text;

namespace CardBridge.Service.Simulation;

/// <summary>The directory simulator mode keeps its state in (<see cref="SimulationOptions.StateDirectory"/>).</summary>
internal static class SimulationState
{
    /// <summary>The full path of <paramref name="file"/> in the state directory <paramref name="configured"/> names (empty: the default).</summary>
    public static string PathOf(string? configured, string file) => Path.Combine(DirectoryOf(configured), file);

    private static string DirectoryOf(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }
        // One per working directory: runs from one place share their journal, runs from two places do not.
        var place = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Environment.CurrentDirectory)))[..16];
        return Path.Combine(Path.GetTempPath(), $"cardbridge-simulation-{Environment.UserName}", place);
    }
}
