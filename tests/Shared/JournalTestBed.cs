using System.Security.Cryptography;
using CardBridge.Journal;
using Microsoft.Data.Sqlite;

namespace CardBridge.Tests.Shared;

/// <summary>A journal file in its own temporary directory, with fixed test keys and synthetic drafts.</summary>
internal sealed class JournalTestBed : IDisposable
{
    public static readonly string EncryptionKey = Convert.ToBase64String(SHA256.HashData("test encryption key"u8));
    public static readonly string IntegrityKey = Convert.ToBase64String(SHA256.HashData("test integrity key"u8));

    private int _drafts;

    public JournalTestBed()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cardbridge-journal-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "journal.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public ManualTime Time { get; } = ManualTime.At2026();

    public JournalOptions Options(string? encryptionKey = null) => new()
    {
        Path = Path,
        EncryptionKey = encryptionKey ?? EncryptionKey,
        IntegrityKey = IntegrityKey,
        BusyTimeout = TimeSpan.FromSeconds(1),
    };

    public Task<OfflineJournal> OpenAsync() => OfflineJournal.OpenAsync(Options(), Time, CancellationToken.None);

    public JournalDraft Draft(long totalFen = 12_345)
    {
        var n = Interlocked.Increment(ref _drafts);
        return Draft(Guid.NewGuid(), n, totalFen);
    }

    public static JournalDraft Draft(Guid id, int n, long totalFen) => new(
        id,
        "TERM-0001",
        JournalKind.OfflineMedicalSettlement,
        new PaymentSplit(totalFen, totalFen / 2, totalFen / 4, totalFen - totalFen / 2 - totalFen / 4),
        SHA256.HashData(BitConverter.GetBytes(n)),
        Convert.FromHexString("A1B2C3D4"),
        Convert.FromHexString("0011"),
        new PersonalFields($"SIM{n:D9}", $"11010519491231{n % 10000:D4}", "测试甲"));

    /// <summary>Runs raw SQL against the file, bypassing the journal: the tamperer's view.</summary>
    public void Tamper(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A child process killed mid-test may still be releasing the file; the OS temp cleaner takes it.
        }
    }
}
