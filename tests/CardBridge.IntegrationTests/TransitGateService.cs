using System.Collections.Frozen;
using System.Security.Cryptography;
using CardBridge.Api.V1;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.SocialSecurity;
using CardBridge.Transit.Eligibility;
using Grpc.Net.Client;

namespace CardBridge.IntegrationTests;

/// <summary>
/// The real service on PC/SC as a fare gate, a child process (<see cref="ServiceProcess"/>): the PSAM in the second
/// vpcd reader, a rider list file written here (the simulator's riders on the hot, disabled and veteran lists, keyed
/// with a test list key), the pending-purchase store, logs, audit and journal in a temporary directory of its own,
/// local callers allowed <c>transit</c>.
/// </summary>
internal sealed class TransitGateService : IAsyncDisposable
{
    private static readonly byte[] ListKey = SHA256.HashData("integration test rider list key"u8);

    private readonly ServiceProcess _process;
    private readonly ServiceDirectory _directory;

    private TransitGateService(ServiceProcess process, ServiceDirectory directory)
    {
        _process = process;
        _directory = directory;
        Channel = GrpcChannel.ForAddress(process.Address);
    }

    public GrpcChannel Channel { get; }

    public ReaderService.ReaderServiceClient Readers => new(Channel);

    public TransitService.TransitServiceClient Transit => new(Channel);

    /// <summary>The synthetic rider <paramref name="name"/> (<c>ordinary</c>, <c>elderly</c>, …) from hardware-sim/profiles/transit.</summary>
    public static SimulatedSocialSecurityCard Rider(string name) =>
        (SimulatedSocialSecurityCard)CardProfiles.Load(Path.Combine(TransitRiders.Directory, name + ".json"));

    /// <summary>
    /// Starts the gate service. Free age 60 makes the elderly rider (born 1961-12-01) free whatever the date;
    /// <paramref name="settings"/> (e.g. <c>Transit:Gates:0:…</c>) are added last.
    /// </summary>
    public static async Task<TransitGateService> StartAsync(params (string Key, string Value)[] settings)
    {
        var directory = ServiceDirectory.Create();
        try
        {
            var lists = directory.Combine("transit-lists.json");
            await File.WriteAllBytesAsync(lists, Lists().ToJson());
            (string Key, string Value)[] gate =
            [
                ("Security:PseudonymKey", Convert.ToBase64String(SHA256.HashData("integration test pseudonym key"u8))),
                ("Security:LocalScopes:0", "transit"),
                ("Security:LocalScopes:1", "identity.basic"),
                ("Readers:PsamReader", PcscdFixture.SecondReader),
                // The settlement journal the rides go to; the centre is never called by a gate.
                ("Journal:Path", directory.Combine("journal.db")),
                ("Journal:EncryptionKey", Convert.ToBase64String(SHA256.HashData("integration test encryption key"u8))),
                ("Journal:IntegrityKey", Convert.ToBase64String(SHA256.HashData("integration test integrity key"u8))),
                ("Centre:ServiceUri", "http://127.0.0.1:9/fsi/api/rsfComIfsService/callService"),
                ("Centre:InstitutionCode", "SIMH0001"),
                ("Centre:InstitutionName", "测试公交"),
                ("Centre:OperatorCode", "SIMOP001"),
                ("Centre:OperatorName", "测试操作员"),
                ("Settlement:TerminalId", "999900000001"),
                ("Transit:ListsPath", lists),
                ("Transit:ListKey", Convert.ToBase64String(ListKey)),
                ("Transit:PendingPurchasesPath", directory.Combine("transit-pending.db")),
                ("Transit:FreeAge", "60"),
            ];
            var process = await ServiceProcess.StartListeningAsync(
                [.. gate.Concat(settings).Select(s => $"--{s.Key}={s.Value}")], directory: directory);
            return new TransitGateService(process, directory);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _process.DisposeAsync();
        _directory.Dispose();
    }

    // The riders' lists as a sync would deliver them: synced an hour ago, so none is stale.
    private static RiderLists Lists()
    {
        var keys = new RiderKeys(ListKey);
        var synced = DateTimeOffset.UtcNow - TimeSpan.FromHours(1);
        return RiderLists.Of(TransitRiders.All.Where(r => r.List is not null).GroupBy(r => r.List!).Select(list =>
            new RiderList(list.Key, "e2e-1", synced, list.Select(r => keys.Card(r.CardNumber)).ToFrozenSet())));
    }
}
