using CardBridge.Api.V1;
using CardBridge.Service.Tests.Journal;
using CardBridge.Simulation.Centre;
using Grpc.Core;

namespace CardBridge.Service.Tests.Settlement;

public sealed class CentreConnectivityEventTests
{
    [Fact]
    public async Task WatchEvents_tells_when_the_centre_goes_offline_and_when_it_answers_again()
    {
        await using var rig = await JournalRig.StartAsync(null,
            ("Centre:MaxRetries", "0"), ("Centre:BreakerFailureThreshold", "2"), ("Centre:BreakDuration", "00:00:00.500"));
        var settlement = new SettlementService.SettlementServiceClient(rig.Rig.Channel);
        var query = new QueryAccountRequest
        {
            Credential = new SettlementCredential { Card = new CardTarget { Reader = ServiceRig.Reader0 } },
            Purpose = "balance",
        };
        await rig.Rig.SessionInAsync(ServiceRig.Reader0, JournalRig.AdminWithIdentity.Key);
        // Filtered on another reader: centre changes still come through.
        using var watch = rig.Rig.Readers.WatchEvents(new WatchEventsRequest { Reader = ServiceRig.Reader1 },
            ServiceRig.WithKey(JournalRig.AdminWithIdentity.Key, TimeSpan.FromSeconds(60)));
        await watch.ResponseHeadersAsync;

        var changes = CentreChanges(watch.ResponseStream);

        rig.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));
        var offline = await NextAsync(changes, () => settlement.QueryAccountAsync(query, JournalRig.Teller.Options).ResponseAsync);
        rig.Centre.ClearFaults();
        var online = await NextAsync(changes, () => settlement.QueryAccountAsync(query, JournalRig.Teller.Options).ResponseAsync);

        Assert.False(offline.Online);
        Assert.True(online.Online);
    }

    /// <summary>The centre events of the stream, read in the background (reader events are passed over).</summary>
    private static System.Threading.Channels.ChannelReader<CentreConnectivityChanged> CentreChanges(IAsyncStreamReader<ReaderEvent> events)
    {
        var changes = System.Threading.Channels.Channel.CreateUnbounded<CentreConnectivityChanged>();
        _ = Task.Run(async () =>
        {
            try
            {
                while (await events.MoveNext(CancellationToken.None))
                {
                    if (events.Current.CentreConnectivity is { } change)
                    {
                        changes.Writer.TryWrite(change);
                    }
                }
                changes.Writer.TryComplete();
            }
            catch (RpcException e)
            {
                changes.Writer.TryComplete(e);
            }
        });
        return changes.Reader;
    }

    /// <summary>Keeps calling the centre (one call at a time) until the next centre event arrives.</summary>
    private static async Task<CentreConnectivityChanged> NextAsync(System.Threading.Channels.ChannelReader<CentreConnectivityChanged> changes, Func<Task> touchCentre)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var next = changes.ReadAsync(patience.Token).AsTask();
        while (!next.IsCompleted)
        {
            await touchCentre();
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(100), patience.Token));
        }
        return await next;
    }
}
