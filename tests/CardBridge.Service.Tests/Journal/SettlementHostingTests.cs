using CardBridge.Journal;
using CardBridge.Service.Hosting;
using CardBridge.Settlement.Centre;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Tests.Journal;

public sealed class SettlementHostingTests
{
    [Fact]
    public async Task Simulated_centre_knows_the_third_gen_profile_card_through_the_registered_centre()
    {
        await using var rig = await JournalRig.StartAsync();
        var centre = rig.Rig.Services.GetRequiredService<ISettlementCentre>();

        var person = await centre.GetPersonInfoAsync(new PersonQuery(CertificateType.SocialSecurityCard, JournalRig.CardNumber), CancellationToken.None);

        Assert.Equal(JournalRig.Name, person.Name);
        Assert.Equal(JournalRig.Ssn, person.CertificateNumber);
    }

    [Fact]
    public async Task Simulator_mode_generates_the_journal_keys_once_and_reuses_them_on_the_next_start()
    {
        var directory = Directory.CreateTempSubdirectory("cardbridge-journal-").FullName;
        try
        {
            await using (var first = await JournalRig.StartAsync(directory))
            {
                await first.AppendAsync(1_000);
            }
            var keyFile = Path.Combine(directory, "journal.keys.json");
            var keys = await File.ReadAllTextAsync(keyFile);

            await using var second = await JournalRig.StartAsync(directory);
            var stats = await second.Journal.StatsAsync(CancellationToken.None);

            Assert.Equal(1, stats.LastSequence);
            Assert.Equal(keys, await File.ReadAllTextAsync(keyFile));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_journal_made_with_other_keys_stops_the_start_naming_the_key()
    {
        var directory = Directory.CreateTempSubdirectory("cardbridge-journal-").FullName;
        try
        {
            var path = Path.Combine(directory, "journal.db");
            await using (await OfflineJournal.OpenAsync(
                new JournalOptions { Path = path, EncryptionKey = Key(1), IntegrityKey = Key(2) }, TimeProvider.System, CancellationToken.None))
            {
            }

            await using var app = ServiceHost.Build([ServiceHost.SimulateFlag], configuration => configuration.AddInMemoryCollection(
            [
                new("Listeners:LoopbackPort", "0"),
                new("Listeners:Web:Port", "-1"),
                new("Audit:Path", Path.Combine(directory, "audit-.jsonl")),
                new("Logs:FilePath", Path.Combine(directory, "log-.json")),
                new("Logs:Console", "false"),
                new("Journal:Path", path),
                new("Journal:EncryptionKey", Key(3)),
                new("Journal:IntegrityKey", Key(2)),
            ]));

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.StartsWith("Journal:EncryptionKey:", Assert.Single(error.Failures), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Centre_going_offline_is_kept_for_stats_and_health()
    {
        await using var rig = await JournalRig.StartAsync(null,
            ("Centre:MaxRetries", "0"), ("Centre:BreakerFailureThreshold", "2"), ("Centre:BreakerFailureRatio", "1"));
        var host = rig.Rig.Services.GetRequiredService<SettlementHost>();
        var offline = new TaskCompletionSource<CentreConnectivityChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Rig.Services.GetRequiredService<ISettlementCentre>().ConnectivityChanged += (_, e) => offline.TrySetResult(e);
        await rig.AppendAsync(1_000);
        rig.Centre.InjectFault(new CardBridge.Simulation.Centre.CentreFaultRule(CardBridge.Simulation.Centre.CentreFault.Down));

        await rig.Client.UploadNowAsync(new CardBridge.Api.V1.UploadNowRequest(), JournalRig.As(JournalRig.Admin));
        await rig.Client.UploadNowAsync(new CardBridge.Api.V1.UploadNowRequest(), JournalRig.As(JournalRig.Admin));
        var change = await offline.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var stats = await rig.Client.StatsAsync(new CardBridge.Api.V1.JournalStatsRequest(), JournalRig.As(JournalRig.Reader));
        var health = await new Grpc.Health.V1.Health.HealthClient(rig.Rig.Channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest());

        Assert.Equal(CentreConnectivity.Offline, change.Current);
        Assert.Equal(CentreConnectivity.Offline, host.Connectivity.Connectivity);
        Assert.Equal(CardBridge.Api.V1.CentreConnectivity.Offline, stats.Connectivity);
        Assert.NotNull(stats.ConnectivityChangedAt);
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    private static string Key(byte fill) => Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray());
}
