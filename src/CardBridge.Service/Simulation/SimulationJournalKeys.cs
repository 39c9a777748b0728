using System.Security.Cryptography;
using System.Text.Json;
using CardBridge.Journal;

namespace CardBridge.Service.Simulation;

/// <summary>
/// Simulator mode only: journal keys generated once and kept in clear in a file next to the journal
/// (<c>journal.db</c> → <c>journal.keys.json</c>), so a simulated journal survives restarts without configuration.
/// A real deployment configures <c>Journal:EncryptionKey</c> and <c>Journal:IntegrityKey</c> and has no such file.
/// </summary>
internal sealed partial class SimulationJournalKeys(ILogger<SimulationJournalKeys> logger)
{
    private const int KeyBytes = 32;

    private int _told;

    /// <summary>Fills in both keys from the key file (creating it the first time) when neither is configured.</summary>
    public void Apply(JournalOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.EncryptionKey) || !string.IsNullOrWhiteSpace(options.IntegrityKey)
            || string.IsNullOrWhiteSpace(options.Path))
        {
            return;
        }
        var file = System.IO.Path.ChangeExtension(System.IO.Path.GetFullPath(options.Path), ".keys.json");
        var keys = ReadOrCreate(file);
        options.EncryptionKey = keys.EncryptionKey;
        options.IntegrityKey = keys.IntegrityKey;
        // The options are made more than once (validated, then used): the warning is said once.
        if (Interlocked.Exchange(ref _told, 1) == 0)
        {
            LogKeyFile(logger, file);
        }
    }

    private static KeyFileContent ReadOrCreate(string file)
    {
        if (File.Exists(file))
        {
            return Read(file);
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        var fresh = new KeyFileContent(
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)));
        // Written aside and moved into place without overwriting: two services starting at once agree on one file.
        var aside = $"{file}.{Guid.NewGuid():N}.tmp";
        var stream = OperatingSystem.IsWindows()
            ? new FileStream(aside, FileMode.CreateNew, FileAccess.Write)
            : new FileStream(aside, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        using (stream)
        {
            JsonSerializer.Serialize(stream, fresh);
        }
        try
        {
            File.Move(aside, file, overwrite: false);
            return fresh;
        }
        catch (IOException) when (File.Exists(file))
        {
            File.Delete(aside);
            return Read(file);
        }
    }

    private static KeyFileContent Read(string file) =>
        JsonSerializer.Deserialize<KeyFileContent>(File.ReadAllText(file))
        ?? throw new InvalidDataException($"{file} is not a journal key file");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator mode: journal keys generated once and kept in clear in {KeyFile} — simulation only, never for real records")]
    private static partial void LogKeyFile(ILogger logger, string keyFile);

    private sealed record KeyFileContent(string EncryptionKey, string IntegrityKey);
}
