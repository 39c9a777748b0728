using System.Security.Cryptography;
using CardBridge.Api.V1;
using CardBridge.Journal;
using CardBridge.Service.Hosting;
using CardBridge.Service.Simulation;
using CardBridge.Service.Tests.Security;
using CardBridge.Settlement.Upload;
using CardBridge.Simulation.Centre;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Service.Tests.Journal;

/// <summary>
/// A <see cref="ServiceRig"/> whose journal lives in a directory of its own (so it starts empty), with no background
/// upload round after the first, and one API-key client per scope set the journal tests need.
/// </summary>
internal sealed class JournalRig : IAsyncDisposable
{
    /// <summary>The third-gen profile's holder, as the simulated centre knows them.</summary>
    public const string CardNumber = "SIM000001";
    public const string Ssn = "990001199001010013";
    public const string Name = "测试甲";

    private readonly bool _ownsDirectory;

    private JournalRig(ServiceRig rig, string directory, bool ownsDirectory)
    {
        Rig = rig;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
    }

    public ServiceRig Rig { get; }

    public string Directory { get; }

    public string JournalPath => Path.Combine(Directory, "journal.db");

    public static ApiKeyClient Reader { get; } = new("journal-reader", "journal.read");

    public static ApiKeyClient Admin { get; } = new("journal-admin", "journal.admin");

    public static ApiKeyClient AdminWithIdentity { get; } = new("journal-admin-full", "journal.admin", "identity.full");

    public static ApiKeyClient ReaderWithIdentity { get; } = new("journal-reader-full", "journal.read", "identity.full");

    public static ApiKeyClient Teller { get; } = new("teller", "identity.basic", "identity.full", "settlement");

    /// <summary>A hospital kiosk: settlement only, no identity scope.</summary>
    public static ApiKeyClient Kiosk { get; } = new("kiosk", "settlement");

    public OfflineJournal Journal => Rig.Services.GetRequiredService<OfflineJournal>();

    public SimulatedCentre Centre => Rig.Services.GetRequiredService<SimulatedPlatforms>().Centre
        ?? throw new InvalidOperationException("no simulated centre");

    public JournalService.JournalServiceClient Client => new(Rig.Channel);

    /// <summary>Starts a service on a new empty journal, or on the journal in <paramref name="directory"/>, which then outlives the rig.</summary>
    public static async Task<JournalRig> StartAsync(string? directory = null, params (string Key, string? Value)[] settings)
    {
        var ownsDirectory = directory is null;
        directory ??= System.IO.Directory.CreateTempSubdirectory("cardbridge-journal-").FullName;
        var rig = await ServiceRig.StartAsync(
        [
            .. ApiKeyClient.SettingsOf(Reader, Admin, AdminWithIdentity, ReaderWithIdentity, Teller, Kiosk),
            .. ApiKeyClient.NoLocalScopes,
            ("Journal:Path", Path.Combine(directory, "journal.db")),
            ("Journal:UploadInterval", "1.00:00:00"),
            .. settings,
        ]);
        await FirstRoundAsync(rig);
        return new JournalRig(rig, directory, ownsDirectory);
    }

    // The loop's first round runs at start; once it is over, no round but UploadNow touches the journal for a day.
    private static async Task FirstRoundAsync(ServiceRig rig)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = rig.Services.GetRequiredService<JournalUploadLoop>();
        loop.RoundCompleted += (_, _) => done.TrySetResult();
        if (rig.Services.GetRequiredService<SettlementHost>().LastRound is null)
        {
            await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Appends an offline medical settlement of the third-gen card's holder through the registered journal.</summary>
    public Task<long> AppendAsync(long totalFen) => Journal.AppendAsync(Draft(totalFen), CancellationToken.None);

    public static JournalDraft Draft(long totalFen) => new(
        Guid.NewGuid(),
        "999900000001",
        JournalKind.OfflineMedicalSettlement,
        new global::CardBridge.Journal.PaymentSplit(totalFen, AccountFen: totalFen / 2, PooledFen: totalFen / 4, SelfPayFen: totalFen - totalFen / 2 - totalFen / 4),
        SHA256.HashData(BitConverter.GetBytes(totalFen)),
        Convert.FromHexString("A1B2C3D4"),
        Convert.FromHexString("0011"),
        new PersonalFields(CardNumber, Ssn, Name));

    /// <summary>Changes the journal file behind the service's back, as an attacker with file access would.</summary>
    public void Tamper(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = JournalPath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static CallOptions As(ApiKeyClient client) => client.Options;

    public async ValueTask DisposeAsync()
    {
        await Rig.DisposeAsync();
        if (!_ownsDirectory)
        {
            return;
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file the OS still holds open is left for the temp cleaner.
        }
    }
}
