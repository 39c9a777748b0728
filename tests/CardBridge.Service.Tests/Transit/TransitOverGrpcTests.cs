using CardBridge.Api.V1;
using CardBridge.Journal;
using CardBridge.Service.Hosting;
using CardBridge.Service.Simulation;
using CardBridge.Service.Tests.Qr;
using CardBridge.Service.Tests.Security;
using CardBridge.Simulation.Centre;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Transit;

/// <summary>
/// TransitService over a real gRPC channel: the service in simulator mode as a gate, with the simulator's riders of
/// every category, its PSAM, its rider lists and the settlement journal.
/// </summary>
public sealed class TransitOverGrpcTests
{
    private const string Gate = "G-01";
    private const string Reader = ServiceRig.Reader1;
    private static readonly ApiKeyClient Conductor = new("gate-controller", "transit");

    // Age 60 makes the elderly rider (born 1961-12-01) free whatever today's date is.
    private static Task<ServiceRig> StartAsync(params (string Key, string? Value)[] settings) =>
        ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(Conductor), ("Transit:FreeAge", "60"), .. settings]);

    private static TransitService.TransitServiceClient Client(ServiceRig rig) => new(rig.Channel);

    private static TapRequest CardTap(string line = "L1") => new()
    {
        Card = new CardTarget { Reader = Reader }, GateId = Gate, Line = line, Stop = "S-05",
    };

    private static async Task<GateDecision> TapRiderAsync(ServiceRig rig, string rider)
    {
        await rig.Simulator.InsertCardAsync(new InsertCardRequest { Reader = Reader, Profile = "transit/" + rider }, ServiceRig.WithKey(null));
        await rig.SessionInAsync(Reader);
        return (await Client(rig).TapAsync(CardTap(), Conductor.Options)).Decision;
    }

    [Fact]
    public async Task Each_rider_category_gets_its_decision_and_every_decision_is_a_journaled_ride()
    {
        await using var rig = await StartAsync();

        var ordinary = await TapRiderAsync(rig, "ordinary");
        var elderly = await TapRiderAsync(rig, "elderly");
        var disabled = await TapRiderAsync(rig, "disabled");
        var veteran = await TapRiderAsync(rig, "veteran");
        var poor = await TapRiderAsync(rig, "poor");
        var hot = await TapRiderAsync(rig, "hotlisted");

        Assert.Equal(200u, ordinary.Allowed.FareFen);
        Assert.Equal(5_000u - 200u, ordinary.Allowed.BalanceAfterFen);
        Assert.Equal(FreeRideReason.Age, elderly.Allowed.FreeReason);
        Assert.Equal((FreeRideReason.Category, "disabled"), (disabled.Allowed.FreeReason, disabled.Allowed.FreeCategory));
        Assert.Equal((FreeRideReason.Category, "veteran"), (veteran.Allowed.FreeReason, veteran.Allowed.FreeCategory));
        Assert.Equal((TapRefusal.InsufficientBalance, 150u, 200u), (poor.Refused.Reason, poor.Refused.BalanceFen, poor.Refused.FareFen));
        Assert.Equal(TapRefusal.HotListed, hot.Refused.Reason);
        GateDecision[] all = [ordinary, elderly, disabled, veteran, poor, hot];
        Assert.All(all, d => Assert.True(d.Journaled && d.Medium == TapMedium.Card && d.GateId == Gate));
        // The identity comes from the pre-read at arrival: only a ride with a fare talks to the card (its purse) at the tap.
        Assert.All(all, d => Assert.Equal(
            d.Allowed is { FareFen: > 0 } || d.Refused is { Reason: TapRefusal.InsufficientBalance }, d.Timing.Apdu.ToTimeSpan() > TimeSpan.Zero));
        var rides = await rig.Services.GetRequiredService<OfflineJournal>().ListAsync(null, 1, 100, CancellationToken.None);
        Assert.Equal(all.Select(d => d.RideId).Order(), rides.Where(r => r.Kind == JournalKind.TransitRide).Select(r => r.Id.ToString()).Order());
    }

    [Fact]
    public async Task A_second_tap_within_the_window_is_the_same_ride_and_charges_nothing()
    {
        await using var rig = await StartAsync();

        var first = await TapRiderAsync(rig, "ordinary");
        var again = (await Client(rig).TapAsync(CardTap(), Conductor.Options)).Decision;

        Assert.False(first.Repeated);
        Assert.True(again.Repeated);
        Assert.Equal(first.RideId, again.RideId);
        Assert.Equal(first.Allowed.BalanceAfterFen, again.Allowed.BalanceAfterFen);
    }

    [Fact]
    public async Task Gates_decide_with_the_centre_down()
    {
        await using var rig = await StartAsync();
        rig.Services.GetRequiredService<SimulatedPlatforms>().Centre!.InjectFault(new CentreFaultRule(CentreFault.Down));

        var decision = await TapRiderAsync(rig, "ordinary");

        Assert.Equal(200u, decision.Allowed.FareFen);
        Assert.True(decision.Journaled);
    }

    [Fact]
    public async Task A_transit_code_pays_later_by_its_account_and_an_e_voucher_is_not_a_fare()
    {
        await using var rig = await StartAsync();
        var transit = await ScanAsync(rig, QrCodeKind.Transit);
        var voucher = await ScanAsync(rig, QrCodeKind.EVoucher);

        var decision = (await Client(rig).TapAsync(new TapRequest { CodeCredentialId = transit, GateId = Gate, Line = "L1", Stop = "S-05" }, Conductor.Options)).Decision;
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client(rig).TapAsync(
            new TapRequest { CodeCredentialId = voucher, GateId = Gate, Line = "L1", Stop = "S-05" }, Conductor.Options));

        Assert.Equal(TapMedium.QrCode, decision.Medium);
        Assert.Equal(200u, decision.Allowed.FareFen);
        Assert.False(decision.Allowed.HasBalanceAfterFen);
        AssertError(error, StatusCode.FailedPrecondition, "CREDENTIAL_NOT_ACCEPTED");
    }

    [Fact]
    public async Task Gate_mode_taps_a_card_and_a_code_by_itself_and_streams_the_decisions_with_time_since_presented()
    {
        await using var rig = await StartAsync(
            ("Transit:Gates:0:Id", Gate), ("Transit:Gates:0:Reader", Reader), ("Transit:Gates:0:Scanner", RigCodes.Scanner),
            ("Transit:Gates:0:Line", "L1"), ("Transit:Gates:0:Stop", "S-05"));
        using var watch = Client(rig).WatchDecisions(new WatchDecisionsRequest { GateId = Gate }, ServiceRig.WithKey(Conductor.Key, TimeSpan.FromSeconds(30)));
        await watch.ResponseHeadersAsync;

        await rig.Simulator.InsertCardAsync(new InsertCardRequest { Reader = Reader, Profile = "transit/ordinary" }, ServiceRig.WithKey(null));
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        var card = watch.ResponseStream.Current;
        await rig.PresentAsync(QrCodeKind.Transit);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        var code = watch.ResponseStream.Current;

        Assert.Equal((TapMedium.Card, 200u), (card.Medium, card.Allowed.FareFen));
        Assert.Equal(TapMedium.QrCode, code.Medium);
        Assert.True(card.Timing.SincePresented.ToTimeSpan() >= card.Timing.Apdu.ToTimeSpan() + card.Timing.Own.ToTimeSpan() - TimeSpan.FromMilliseconds(1));
        Assert.True(card.Timing.SincePresented.ToTimeSpan() < TimeSpan.FromMilliseconds(300), $"{card.Timing.SincePresented.ToTimeSpan().TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData("", "L1", "S1", "gate_id")]
    [InlineData("G 1", "L1", "S1", "gate_id")]
    [InlineData("G1", "", "S1", "line")]
    [InlineData("G1", "L1", "", "stop")]
    public async Task A_malformed_tap_is_INVALID_REQUEST_naming_the_field(string gate, string line, string stop, string field)
    {
        await using var rig = await StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client(rig).TapAsync(
            new TapRequest { Card = new CardTarget { Reader = Reader }, GateId = gate, Line = line, Stop = stop }, Conductor.Options));

        Assert.Equal(field, AssertError(error, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
    }

    private static async Task<string> ScanAsync(ServiceRig rig, QrCodeKind kind)
    {
        using var call = rig.Identity.AwaitCredentialAsync(RigCodes.Await(), ServiceRig.WithKey(null, TimeSpan.FromSeconds(30)));
        await call.ResponseHeadersAsync;
        await rig.PresentAsync(kind);
        return (await call.ResponseAsync).Code.CredentialId;
    }
}
