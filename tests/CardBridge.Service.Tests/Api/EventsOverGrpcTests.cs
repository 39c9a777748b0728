using CardBridge.Api.V1;
using CardBridge.Simulation.Profiles;
using Grpc.Core;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Api;

public sealed class EventsOverGrpcTests
{
    private static CallOptions Local => ServiceRig.WithKey(null, TimeSpan.FromSeconds(20));

    private static async Task<ReaderEvent> NextAsync(AsyncServerStreamingCall<ReaderEvent> call)
    {
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "the event stream ended");
        return call.ResponseStream.Current;
    }

    private static string Describe(ReaderEvent change) => change.EventCase switch
    {
        ReaderEvent.EventOneofCase.ReaderAttached => $"attached {change.ReaderAttached.Reader}",
        ReaderEvent.EventOneofCase.ReaderDetached => $"detached {change.ReaderDetached.Reader}",
        ReaderEvent.EventOneofCase.CardInserted => $"inserted {change.CardInserted.Reader}",
        ReaderEvent.EventOneofCase.CardRemoved => $"removed {change.CardRemoved.Reader} {change.CardRemoved.SessionId}",
        ReaderEvent.EventOneofCase.SessionReady => $"ready {change.SessionReady.Reader} {change.SessionReady.SessionId}",
        ReaderEvent.EventOneofCase.ScannerConnectivity => $"scanner {change.ScannerConnectivity.Scanner}",
        var other => other.ToString(),
    };

    [Fact]
    public async Task WatchEvents_starts_with_the_scanners_the_readers_and_the_card_already_there()
    {
        await using var rig = await ServiceRig.StartAsync();
        var session = await rig.InitialSessionAsync();

        using var call = rig.Readers.WatchEvents(new WatchEventsRequest(), Local);
        var first = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            first.Add(Describe(await NextAsync(call)));
        }

        Assert.Equal(
            ["scanner Simulated Scanner", $"attached {ServiceRig.Reader0}", $"inserted {ServiceRig.Reader0}", $"ready {ServiceRig.Reader0} {session}", $"attached {ServiceRig.Reader1}"],
            first);
    }

    [Fact]
    public async Task WatchEvents_for_one_reader_shows_only_that_reader()
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.InitialSessionAsync();

        using var call = rig.Readers.WatchEvents(new WatchEventsRequest { Reader = ServiceRig.Reader1 }, Local);
        var attached = Describe(await NextAsync(call));
        await rig.SwapCardAsync(ServiceRig.Reader0, SimCard.ThirdGen().Build());
        var session = await rig.PutCardAsync(ServiceRig.Reader1, SimCard.SecondGen().Build());
        var inserted = Describe(await NextAsync(call));
        var ready = await NextAsync(call);

        Assert.Equal($"attached {ServiceRig.Reader1}", attached);
        Assert.Equal($"inserted {ServiceRig.Reader1}", inserted);
        Assert.Equal($"ready {ServiceRig.Reader1} {session}", Describe(ready));
        Assert.Equal(CardKind.SecondGeneration, ready.SessionReady.Kind);
        Assert.True(ready.SessionReady.IdentityRead);
    }

    [Fact]
    public async Task WatchEvents_reports_a_removed_card_with_the_session_that_ended()
    {
        await using var rig = await ServiceRig.StartAsync();
        var session = await rig.PutCardAsync(ServiceRig.Reader1, SimCard.SecondGen().Build());

        using var call = rig.Readers.WatchEvents(new WatchEventsRequest { Reader = ServiceRig.Reader1 }, Local);
        for (var i = 0; i < 3; i++)
        {
            await NextAsync(call);
        }
        rig.Bank.Remove(ServiceRig.Reader1);
        var removed = await NextAsync(call);

        Assert.Equal($"removed {ServiceRig.Reader1} {session}", Describe(removed));
    }
}
