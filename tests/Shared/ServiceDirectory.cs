namespace CardBridge.Tests.Shared;

/// <summary>
/// A temporary directory of one service under test, and the settings that put its logs, audit and state there: no two
/// services share a file, and nothing lands in the checkout. Deleting it is best effort.
/// </summary>
internal sealed class ServiceDirectory : IDisposable
{
    private ServiceDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>The diagnostic log (<c>log-*.json</c>) and the audit trail (<c>audit-*.jsonl</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> LogSettings =>
    [
        new("Logs:FilePath", Combine("log-.json")),
        new("Audit:Path", Combine("audit-.jsonl")),
    ];

    /// <summary>The simulator's state (journal and its keys, QR replay cache, transit lists, pending purchases): for simulator mode.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SimulationStateSettings => [new("Simulation:StateDirectory", Path)];

    public static ServiceDirectory Create() => new(Directory.CreateTempSubdirectory("cardbridge-service-").FullName);

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file the OS still holds open is left for the temp cleaner.
        }
    }
}
