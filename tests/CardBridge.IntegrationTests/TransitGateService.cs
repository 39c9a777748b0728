using System.Collections.Frozen;
using System.Security.Cryptography;
using CardBridge.Api.V1;
using CardBridge.Service.Hosting;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.SocialSecurity;
using CardBridge.Transit.Eligibility;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace CardBridge.IntegrationTests;

/// <summary>
/// The real service on PC/SC as a fare gate: the PSAM in the second vpcd reader, a rider list file written here
/// (the simulator's riders on the hot, disabled and veteran lists, keyed with a test list key), the pending-purchase
/// store, logs, audit and journal in a temporary directory of its own, local callers allowed <c>transit</c>.
/// </summary>
internal sealed class TransitGateService : IAsyncDisposable
{
    private static readonly byte[] ListKey = SHA256.HashData("integration test rider list key"u8);

    private readonly WebApplication _app;
    private readonly string _directory;

    private TransitGateService(WebApplication app, string directory, Uri address)
    {
        _app = app;
        _directory = directory;
        Channel = GrpcChannel.ForAddress(address);
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
        var directory = Directory.CreateTempSubdirectory("cardbridge-gate-e2e-").FullName;
        var lists = Path.Combine(directory, "transit-lists.json");
        await File.WriteAllBytesAsync(lists, Lists().ToJson());
        var app = ServiceHost.Build([], configuration => configuration.AddInMemoryCollection(
        [
            new("Listeners:LoopbackPort", "0"),
            new("Security:PseudonymKey", Convert.ToBase64String(SHA256.HashData("integration test pseudonym key"u8))),
            new("Security:LocalScopes:0", "transit"),
            new("Security:LocalScopes:1", "identity.basic"),
            new("Audit:Path", Path.Combine(directory, "audit-.jsonl")),
            new("Logs:FilePath", Path.Combine(directory, "log-.json")),
            new("Logs:Console", "false"),
            new("Readers:PsamReader", PcscdFixture.SecondReader),
            // The settlement journal the rides go to; the centre is never called by a gate.
            new("Journal:Path", Path.Combine(directory, "journal.db")),
            new("Journal:EncryptionKey", Convert.ToBase64String(SHA256.HashData("integration test encryption key"u8))),
            new("Journal:IntegrityKey", Convert.ToBase64String(SHA256.HashData("integration test integrity key"u8))),
            new("Centre:ServiceUri", "http://127.0.0.1:9/fsi/api/rsfComIfsService/callService"),
            new("Centre:InstitutionCode", "SIMH0001"),
            new("Centre:InstitutionName", "测试公交"),
            new("Centre:OperatorCode", "SIMOP001"),
            new("Centre:OperatorName", "测试操作员"),
            new("Settlement:TerminalId", "999900000001"),
            new("Transit:ListsPath", lists),
            new("Transit:ListKey", Convert.ToBase64String(ListKey)),
            new("Transit:PendingPurchasesPath", Path.Combine(directory, "transit-pending.db")),
            new("Transit:FreeAge", "60"),
            .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)),
        ]));
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new TransitGateService(app, directory, new Uri(app.Urls.Single(u => u.StartsWith("http://", StringComparison.Ordinal))));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A log file the OS still holds open is left for the temp cleaner.
        }
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
