using System.Net;
using System.Text.RegularExpressions;
using CardBridge.Api.V1;
using CardBridge.Service.Credentials;
using CardBridge.Service.Configuration;
using CardBridge.Service.Hosting;
using CardBridge.Service.Transit;
using CardBridge.Service.Observability;
using CardBridge.Service.Tests.Security;
using CardBridge.Simulation.Centre;
using CardBridge.Tests.Shared;
using CentreConnectivity = CardBridge.Settlement.Centre.CentreConnectivity;
using SettlementScenario = CardBridge.Api.V1.SettlementScenario;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Service.Tests.Observability;

/// <summary>Prometheus scrapes of <c>/metrics</c> over a real loopback HTTP/1.1 connection after the flows that feed each instrument.</summary>
[Collection(MetricsRunAlone.Name)]
public sealed partial class PrometheusScrapeTests
{
    private const string CardNumber = "SIM000001";
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(20);

    private static SettleRequest Settle(string key, long totalFen) => new()
    {
        IdempotencyKey = key,
        Credential = new SettlementCredential { Card = new CardTarget { Reader = AdminRig.Reader0 } },
        Bill = new Bill { Scenario = SettlementScenario.Outpatient, TotalFen = totalFen },
        Purpose = "outpatient bill",
        Pin = "123456",
    };

    // Holds a simulated code to the scanner and waits until the desk has its outcome (the counter is recorded just before).
    private static async Task ScanAsync(AdminRig rig, QrCodeKind kind, SimulatedCode code)
    {
        using var subscription = rig.Services.GetRequiredService<PresentationDesk>().Subscribe(includePresent: false);
        await new SimulatorService.SimulatorServiceClient(rig.Channel).PresentCodeAsync(
            new PresentCodeRequest { Scanner = "Simulated Scanner", Kind = kind, Holder = "third-gen", Code = code }, ServiceRig.WithKey(null));
        using var timeout = new CancellationTokenSource(EventTimeout);
        await foreach (var change in subscription.Reader.ReadAllAsync(timeout.Token))
        {
            if (change is PresentationUpdated { Presentation: CodePresentation { Outcome: not null } })
            {
                return;
            }
        }
        throw new InvalidOperationException("the desk stopped");
    }

    private static IReadOnlyList<string> Samples(string scrape, string family) =>
        [.. scrape.Split('\n').Where(l => l.StartsWith(family, StringComparison.Ordinal) && !l.StartsWith('#'))];

    private static string[] DocumentedMetricNames() =>
    [
        .. new[] { "README.md", Path.Combine("docs", "operations", "operator.md") }
            .SelectMany(file => MetricName().Matches(File.ReadAllText(Path.Combine(RepositoryRoot.Path, file))))
            .Select(match => match.Value)
            .Distinct(StringComparer.Ordinal),
    ];

    [GeneratedRegex(@"\bcardbridge_[a-z_]+")]
    private static partial Regex MetricName();

    private static void AssertSample(string scrape, string family, params string[] labels) =>
        Assert.True(Samples(scrape, family).Any(line => labels.All(label => line.Contains(label, StringComparison.Ordinal))),
            $"no {family} sample with {string.Join(", ", labels)} in:\n{string.Join("\n", Samples(scrape, family))}");

    [Fact]
    public async Task A_scrape_after_a_card_read_settlements_online_and_offline_code_scans_and_a_tap_shows_every_instrument_family()
    {
        // With an HSM platform configured (the PSAM still serves every card), so its instruments are there too.
        await using var rig = await AdminRig.StartAsync(("Simulation:Hsm", "true"));
        var settlement = new SettlementService.SettlementServiceClient(rig.Channel);
        await rig.SessionInAsync(AdminRig.Reader0);

        await settlement.SettleAsync(Settle("his-online", 10_000), AdminRig.Teller.Options);
        rig.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));
        var offline = await settlement.SettleAsync(Settle("his-offline", 3_000), AdminRig.Teller.Options);
        await ScanAsync(rig, QrCodeKind.EVoucher, SimulatedCode.Valid);
        await ScanAsync(rig, QrCodeKind.Transit, SimulatedCode.Expired);
        var card = rig.Services.GetRequiredService<TerminalHost>().Terminal.GetSession(Guid.Parse(await rig.SessionInAsync(AdminRig.Reader0)));
        var tap = await rig.Services.GetRequiredService<TransitHost>().TapCardAsync(
            card, new GateOptions { Id = "G-01", Line = "L1", Stop = "S1" }, null, CancellationToken.None);
        var scrape = await rig.GetTextAsync("/metrics", AdminRig.Operator.Key);

        Assert.True(offline.Offline);
        AssertSample(scrape, "cardbridge_apdu_duration_milliseconds_bucket", "reader=\"Simulated Reader 0\"", "ins=\"A4\"");
        foreach (var step in (string[])["queue", "connect", "pre_read", "publish", "total"])
        {
            AssertSample(scrape, "cardbridge_arrival_duration_milliseconds_bucket", $"step=\"{step}\"");
        }
        AssertSample(scrape, "cardbridge_card_reads_total", "reader=\"Simulated Reader 0\"", "outcome=\"ok\"");
        AssertSample(scrape, "cardbridge_sessions_live", "} 1");
        AssertSample(scrape, "cardbridge_settlements_total", "mode=\"online\"");
        AssertSample(scrape, "cardbridge_settlements_total", "mode=\"offline\"");
        // Pending upload: the offline settlement and the ride of the tap.
        AssertSample(scrape, "cardbridge_journal_backlog", "} 2");
        Assert.NotEmpty(Samples(scrape, "cardbridge_journal_backlog_age_seconds"));
        Assert.NotEmpty(Samples(scrape, "cardbridge_centre_online"));
        AssertSample(scrape, "cardbridge_qr_verifications_total", "kind=\"e_voucher\"", "outcome=\"accepted\"");
        AssertSample(scrape, "cardbridge_qr_verifications_total", "kind=\"transit\"", "outcome=\"QR_EXPIRED\"");
        var outcome = tap.Decision is CardBridge.Transit.Gate.RefusedRide refused ? "refused_" + refused.Reason.ToString().ToLowerInvariant() : "paid";
        AssertSample(scrape, "cardbridge_tap_decisions_total", $"outcome=\"{outcome}\"");
        AssertSample(scrape, "cardbridge_tap_duration_milliseconds_bucket", $"outcome=\"{outcome}\"");
        Assert.DoesNotContain(CardNumber, scrape, StringComparison.Ordinal);
        // What README and the operator guide tell people to scrape and alert on exists under that name.
        var documented = DocumentedMetricNames();
        Assert.NotEmpty(documented);
        Assert.All(documented, name => Assert.Contains(name, scrape, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_settlement_answered_again_for_its_key_is_counted_once()
    {
        await using var rig = await AdminRig.StartAsync();
        var settlement = new SettlementService.SettlementServiceClient(rig.Channel);
        await rig.SessionInAsync(AdminRig.Reader0);

        var first = await settlement.SettleAsync(Settle("his-once", 2_000), AdminRig.Teller.Options);
        var again = await settlement.SettleAsync(Settle("his-once", 2_000), AdminRig.Teller.Options);
        var scrape = await rig.GetTextAsync("/metrics", AdminRig.Operator.Key);

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        AssertSample(scrape, "cardbridge_settlements_total", "mode=\"online\"", "} 1");
    }

    [Fact]
    public async Task The_centre_gauge_drops_to_0_when_its_circuit_opens()
    {
        await using var rig = await AdminRig.StartAsync(
            ("Centre:BreakerFailureThreshold", "2"), ("Centre:BreakerFailureRatio", "1"), ("Centre:BreakDuration", "00:10:00"));
        var host = rig.Services.GetRequiredService<SettlementHost>();
        var settlement = new SettlementService.SettlementServiceClient(rig.Channel);
        await rig.SessionInAsync(AdminRig.Reader0);
        var before = await rig.GetTextAsync("/metrics", AdminRig.Operator.Key);

        rig.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));
        // Each failed call counts towards the breaker; a handful open it.
        for (var i = 0; i < 5 && host.Connectivity.Connectivity == CentreConnectivity.Online; i++)
        {
            await settlement.SettleAsync(Settle($"his-{i}", 1_000), AdminRig.Teller.Options);
        }
        var after = await rig.GetTextAsync("/metrics", AdminRig.Operator.Key);

        AssertSample(before, "cardbridge_centre_online", "} 1");
        AssertSample(after, "cardbridge_centre_online", "} 0");
    }

    [Fact]
    public async Task Metrics_need_admin_and_are_not_served_on_the_grpc_listener()
    {
        await using var rig = await AdminRig.StartAsync(ApiKeyClient.NoLocalScopes);
        using var http2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var anonymous = await rig.GetAsync("/metrics");
        using var teller = await rig.GetAsync("/metrics", AdminRig.Teller.Key);
        using var onGrpc = await http2.GetAsync(new Uri(rig.GrpcAddress, "/metrics"));
        using var grpcOnAdmin = await rig.GetAsync("/cardbridge.v1.ReaderService/ListReaders", AdminRig.Operator.Key);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal(HttpStatusCode.Forbidden, teller.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onGrpc.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, grpcOnAdmin.StatusCode);
        Assert.Contains("# TYPE ", await rig.GetTextAsync("/metrics", AdminRig.Operator.Key), StringComparison.Ordinal);
    }
}
