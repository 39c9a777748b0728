using System.Text;
using CardBridge.Api.V1;
using CardBridge.Service.Hosting;
using CardBridge.Service.Simulation;
using CardBridge.Service.StatusPage;
using CardBridge.Service.Tests.Security;
using CardBridge.Service.Transit;
using CardBridge.Simulation.Centre;
using CardBridge.Simulation.Profiles;
using CardBridge.Transit.Eligibility;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Transit;

/// <summary>
/// Rider lists synced live from the (simulated) centre while the service runs: a hot-list change published at the
/// centre refuses the rider after SyncRiderLists and after the background sync; the centre down or answering nonsense
/// changes nothing and taps go on being decided.
/// </summary>
public sealed class RiderListSyncOverGrpcTests
{
    private const string Reader = ServiceRig.Reader1;
    private static readonly ApiKeyClient Conductor = new("gate-controller", "transit");
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(30);

    // No double-tap window: the same rider taps the same gate again in every test.
    private static Task<ServiceRig> StartAsync(params (string Key, string? Value)[] settings) =>
        ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(Conductor), ("Transit:DoubleTapWindow", "00:00:00"), .. settings]);

    private static TransitService.TransitServiceClient Client(ServiceRig rig) => new(rig.Channel);

    private static string CardOf(string rider) => TransitRiders.All.Single(r => r.Profile == "transit/" + rider).CardNumber;

    private static SimulatedCentre Centre(ServiceRig rig) => rig.Services.GetRequiredService<SimulatedPlatforms>().Centre!;

    private static RiderListSync Sync(ServiceRig rig) => rig.Services.GetRequiredService<RiderListSync>();

    private static async Task<GateDecision> TapAsync(ServiceRig rig, string rider)
    {
        await rig.Simulator.InsertCardAsync(new InsertCardRequest { Reader = Reader, Profile = "transit/" + rider }, ServiceRig.WithKey(null));
        await rig.SessionInAsync(Reader);
        return (await Client(rig).TapAsync(new TapRequest
        {
            Card = new CardTarget { Reader = Reader }, GateId = "G-01", Line = "L1", Stop = "S-05",
        }, Conductor.Options)).Decision;
    }

    // Simulator mode starts on lists of its own (version "simulator"); one sync makes them the centre's (sim-1).
    private static async Task<SyncRiderListsResponse> SyncAsync(ServiceRig rig) =>
        await Client(rig).SyncRiderListsAsync(new SyncRiderListsRequest(), ServiceRig.WithKey(null, TimeSpan.FromSeconds(30)));

    private static async Task<RiderListSyncRound> RoundAsync(ServiceRig rig, Func<RiderListSyncRound, bool> match)
    {
        var sync = Sync(rig);
        var round = new TaskCompletionSource<RiderListSyncRound>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRound(object? sender, RiderListSyncRound r)
        {
            if (match(r))
            {
                round.TrySetResult(r);
            }
        }
        sync.RoundCompleted += OnRound;
        try
        {
            return await round.Task.WaitAsync(RoundTimeout);
        }
        finally
        {
            sync.RoundCompleted -= OnRound;
        }
    }

    [Fact]
    public async Task A_rider_hot_listed_at_the_centre_is_refused_after_SyncRiderLists_and_allowed_before()
    {
        await using var rig = await StartAsync();
        await SyncAsync(rig);

        var before = await TapAsync(rig, "ordinary");
        var version = Centre(rig).AddToRiderList("hot", CardOf("ordinary"));
        var synced = await SyncAsync(rig);
        var after = await TapAsync(rig, "ordinary");

        Assert.Equal(GateDecision.OutcomeOneofCase.Allowed, before.OutcomeCase);
        Assert.Equal(TapRefusal.HotListed, after.Refused.Reason);
        var hot = Assert.Single(synced.Lists, l => l.Name == "hot");
        Assert.Equal((version, 2u, true), (hot.Version, hot.EntryCount, hot.Changed));
        Assert.All(synced.Lists.Where(l => l.Name != "hot"), l => Assert.False(l.Changed));
        Assert.Equal(["hot", "disabled", "veteran"], synced.Lists.Select(l => l.Name));
    }

    [Fact]
    public async Task The_background_sync_takes_up_a_hot_list_change_by_itself()
    {
        await using var rig = await StartAsync(("Transit:ListSync:Interval", "00:00:01"));
        var before = await TapAsync(rig, "ordinary");

        var version = Centre(rig).AddToRiderList("hot", CardOf("ordinary"));
        // Any round from now on that ends holding the new version (an earlier one may have taken it up already).
        await RoundAsync(rig, _ => Sync(rig).Current.Hot?.Version == version);
        var after = await TapAsync(rig, "ordinary");

        Assert.Equal(GateDecision.OutcomeOneofCase.Allowed, before.OutcomeCase);
        Assert.Equal(TapRefusal.HotListed, after.Refused.Reason);
    }

    [Fact]
    public async Task An_unchanged_answer_confirms_every_list_and_restarts_its_age()
    {
        await using var rig = await StartAsync();
        await SyncAsync(rig);
        var first = Sync(rig).Current;

        var synced = await SyncAsync(rig);

        Assert.All(synced.Lists, l => Assert.False(l.Changed));
        Assert.All(synced.Lists, l => Assert.True(l.SyncedAt.ToDateTimeOffset() >= first.Categories.GetValueOrDefault(l.Name, first.Hot!).SyncedAt));
        Assert.All(synced.Lists, l => Assert.Equal("sim-1", l.Version));
    }

    [Fact]
    public async Task With_the_centre_down_SyncRiderLists_is_CENTRE_UNAVAILABLE_the_lists_stay_and_taps_are_decided()
    {
        await using var rig = await StartAsync();
        await SyncAsync(rig);
        var held = Sync(rig).Current;
        Centre(rig).InjectFault(new CentreFaultRule(CentreFault.Down));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client(rig).SyncRiderListsAsync(new SyncRiderListsRequest(), ServiceRig.WithKey(null, TimeSpan.FromSeconds(30))));
        var hot = await TapAsync(rig, "hotlisted");
        var disabled = await TapAsync(rig, "disabled");
        var status = await rig.Services.GetRequiredService<StatusReporter>().CaptureAsync(CancellationToken.None);

        AssertError(error, StatusCode.Unavailable, "CENTRE_UNAVAILABLE");
        Assert.Same(held, Sync(rig).Current);
        Assert.Equal(TapRefusal.HotListed, hot.Refused.Reason);
        Assert.Equal(CardBridge.Api.V1.FreeRideReason.Category, disabled.Allowed.FreeReason);
        Assert.Equal("centre_unavailable", status.RiderLists!.LastSync);
        Assert.Equal(["hot", "disabled", "veteran"], status.RiderLists.Lists.Select(l => l.Name));
        Assert.Contains("centre_unavailable", StatusHtml.Render(status), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"infcode":0,"output":{"lists":[{"list_name":"hot","list_ver":"sim-9","chg_stas":"1","entries":["SIMORD001"]}]}}""")]
    [InlineData("""{"infcode":0,"output":{"lists":[{"list_name":"hot","list_ver":"sim-9","chg_stas":"0"}]}}""")]
    [InlineData("""{"infcode":0,"output":{"lists":[{"list_name":"hot","list_ver":"sim-9","chg_stas":"1","entries":[]},{"list_name":"hot","list_ver":"sim-9","chg_stas":"1","entries":[]}]}}""")]
    [InlineData("""{"infcode":0,"output":{"lists":""")]
    public async Task A_malformed_centre_answer_changes_nothing(string answer)
    {
        await using var rig = await StartAsync();
        await SyncAsync(rig);
        var held = Sync(rig).Current;
        Centre(rig).InjectFault(new CentreFaultRule(CentreFault.MalformedJson, Times: 1, OnlyInfNo: "CB02", Body: Encoding.UTF8.GetBytes(answer)));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client(rig).SyncRiderListsAsync(new SyncRiderListsRequest(), ServiceRig.WithKey(null)));
        var hot = await TapAsync(rig, "hotlisted");

        AssertError(error, StatusCode.Unavailable, "CENTRE_UNAVAILABLE");
        Assert.Same(held, Sync(rig).Current);
        Assert.Equal("sim-1", Sync(rig).Current.Hot!.Version);
        Assert.Equal(TapRefusal.HotListed, hot.Refused.Reason);
        Assert.Equal("malformed_answer", Sync(rig).LastRound!.Failure);
    }

    [Fact]
    public async Task The_lists_on_disk_after_a_sync_are_the_centres()
    {
        await using var rig = await StartAsync();
        await SyncAsync(rig);
        Centre(rig).AddToRiderList("veteran", CardOf("ordinary"));

        await Client(rig).SyncRiderListsAsync(new SyncRiderListsRequest(), ServiceRig.WithKey(null));
        using var reopened = await RiderListStore.OpenAsync(Path.Combine(rig.Directory, "transit-lists.json"), CancellationToken.None);

        Assert.Equal("sim-2", reopened.Current.Categories["veteran"].Version);
        Assert.Contains(Centre(rig).RiderListEntry(CardOf("ordinary")), (IReadOnlySet<string>)reopened.Current.Categories["veteran"].Entries);
    }
}
