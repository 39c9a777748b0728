using System.Collections.Frozen;
using CardBridge.Qr.Transit;
using CardBridge.Transit.Eligibility;
using CardBridge.Transit.Gate;

namespace CardBridge.Transit.Tests.Gate;

public sealed class QrTapTests
{
    private static TransitQrCredential Code(string account, uint limitFen = 500) => new(
        account, 1001, TransitQrVersion.Interoperable, limitFen, GateRig.TapTime.AddSeconds(-5), GateRig.TapTime.AddSeconds(55));

    private static Task<TapDecision> TapAsync(GateRig rig, TransitQrCredential code, string line = GateRig.Line) =>
        rig.GateLogic.TapAsync(code, GateRig.Gate, line, GateRig.Stop, CancellationToken.None);

    [Fact]
    public async Task A_code_within_its_limit_is_allowed_with_the_fare_for_the_account_and_journaled()
    {
        await using var rig = await GateRig.StartAsync();

        var decision = Assert.IsType<AllowedRide>(await TapAsync(rig, Code("SIMACC001")));

        Assert.Equal(TapMedium.QrCode, decision.Medium);
        Assert.Equal(200u, decision.FareFen);
        Assert.Null(decision.BalanceAfterFen);
        Assert.Equal(TimeSpan.Zero, decision.Latency.Apdu);
        var ride = Assert.Single(await rig.RidesAsync());
        Assert.Equal(200, ride.Amounts.TotalFen);
        Assert.Equal("SIMACC001", (await rig.Journal.ReadPersonalAsync(ride.Sequence, CancellationToken.None)).CardNumber);
    }

    [Fact]
    public async Task A_fare_above_the_per_trip_limit_is_refused()
    {
        await using var rig = await GateRig.StartAsync();

        var decision = Assert.IsType<RefusedRide>(await TapAsync(rig, Code("SIMACC001", limitFen: 300), line: "L9"));

        Assert.Equal(RefusalReason.FareExceedsLimit, decision.Reason);
        Assert.Equal(350u, decision.FareFen);
        Assert.Equal(0, Assert.Single(await rig.RidesAsync()).Amounts.TotalFen);
    }

    [Fact]
    public async Task A_hot_listed_account_is_refused_and_a_listed_disabled_account_rides_free()
    {
        await using var rig = await GateRig.StartAsync();
        var lists = rig.Lists.Current;
        await rig.Lists.SyncAsync(RiderLists.Of([
            lists.Hot! with { Entries = new[] { GateRig.Keys.Account("SIMACCHOT") }.ToFrozenSet() },
            lists.Categories["disabled"] with { Entries = new[] { GateRig.Keys.Account("SIMACCDIS") }.ToFrozenSet() },
        ]).ToJson(), CancellationToken.None);

        var hot = Assert.IsType<RefusedRide>(await TapAsync(rig, Code("SIMACCHOT")));
        var free = Assert.IsType<AllowedRide>(await TapAsync(rig, Code("SIMACCDIS")));

        Assert.Equal(RefusalReason.HotListed, hot.Reason);
        Assert.Equal(FreeRideReason.Category, free.FreeReason);
        Assert.Equal(0u, free.FareFen);
    }

    [Fact]
    public async Task A_code_scanned_twice_within_the_window_is_one_ride()
    {
        await using var rig = await GateRig.StartAsync();

        var first = await TapAsync(rig, Code("SIMACC001"));
        rig.Time.Advance(TimeSpan.FromSeconds(3));
        var second = await TapAsync(rig, Code("SIMACC001"));

        Assert.True(second.Repeated);
        Assert.Equal(first.RideId, second.RideId);
        Assert.Single(await rig.RidesAsync());
    }
}
