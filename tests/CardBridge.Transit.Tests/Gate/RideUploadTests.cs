using CardBridge.Journal;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Upload;
using CardBridge.Simulation.Centre;
using CardBridge.Transit.Gate;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Transit.Tests.Gate;

public sealed class RideUploadTests
{
    [Fact]
    public async Task Rides_decided_while_the_centre_is_down_are_uploaded_once_it_is_up()
    {
        await using var rig = await GateRig.StartAsync();
        await using var centre = SimulatedCentre.Start(new SimulatedCentreOptions());
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var adapter = new HttpSettlementCentre(http, new CentreOptions
        {
            ServiceUri = centre.ServiceUri,
            InstitutionCode = "H99000000001",
            InstitutionName = "测试公交",
            OperatorCode = "SIMOP01",
            OperatorName = "测试操作员",
            CallTimeout = TimeSpan.FromSeconds(2),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            BreakerFailureThreshold = 1000,
        }, rig.Time, NullLogger<HttpSettlementCentre>.Instance);
        var uploader = new JournalUploader(rig.Journal, adapter, NullLogger<JournalUploader>.Instance);
        centre.InjectFault(new CentreFaultRule(CentreFault.Down));

        var paid = await rig.TapAsync(Riders.OrdinaryCard());
        var free = await rig.TapAsync(Riders.ElderlyCard());
        var refused = await rig.TapAsync(Riders.HotListedCard());
        var down = await uploader.DrainAsync(CancellationToken.None);

        Assert.IsType<AllowedRide>(paid);
        Assert.IsType<AllowedRide>(free);
        Assert.IsType<RefusedRide>(refused);
        Assert.Equal(0, down.Uploaded);
        Assert.NotNull(down.StoppedAt);
        Assert.Equal(3, (await rig.Journal.ListAsync(JournalState.Pending, 1, 10, CancellationToken.None)).Count);

        centre.ClearFaults();
        var up = await uploader.DrainAsync(CancellationToken.None);

        Assert.Equal(3, up.Uploaded);
        Assert.Null(up.StoppedAt);
        Assert.All([paid, free, refused], d => Assert.True(centre.IsOfflineRecordAccepted(d.RideId)));
        Assert.Empty(await rig.Journal.ListAsync(JournalState.Pending, 1, 10, CancellationToken.None));
    }
}
