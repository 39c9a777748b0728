namespace CardBridge.IntegrationTests.Peers;

/// <summary>python3-pyscard (SWIG over libpcsclite): a second PC/SC client no one here wrote.</summary>
internal static class Pyscard
{
    private static string Script => Path.Combine(RepositoryRoot.Path, "tests", "peers", "pyscard_transmit.py");

    /// <summary>Sends the APDUs in one session; returns each raw answer (data ‖ SW) as upper-case hex.</summary>
    public static async Task<IReadOnlyList<string>> TransmitAsync(
        string reader, IReadOnlyList<string> apdus, CancellationToken cancellationToken)
    {
        var (exitCode, output, error) = await ChildProcess.RunAsync(
            "/usr/bin/python3", [Script, reader, .. apdus], TimeSpan.FromSeconds(30), cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"pyscard script exited {exitCode}: {error}");
        }
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
