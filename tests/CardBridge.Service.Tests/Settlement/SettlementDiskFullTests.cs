using CardBridge.Api.V1;
using CardBridge.Service.Tests.Security;
using CardBridge.Tests.Shared;
using Grpc.Core;
using Grpc.Net.Client;

namespace CardBridge.Service.Tests.Settlement;

/// <summary>The real service as a child process with its journal on a tiny private tmpfs: a real ENOSPC while settling offline.</summary>
[Trait("Category", "Integration")]
public sealed class SettlementDiskFullTests : IDisposable
{
    private readonly DirectoryInfo _journal = Directory.CreateTempSubdirectory("cardbridge-full-");

    public void Dispose() => _journal.Delete(recursive: true);

    [PrivateMountFact]
    public async Task A_full_disk_refuses_settlements_typed_before_anything_is_charged_and_keeps_every_acknowledged_one()
    {
        await using var service = ServiceProcess.Start(
            [
                "--simulate", $"--Journal:Path={Path.Combine(_journal.FullName, "journal.db")}",
                // No centre answers there: every settlement goes offline, into the journal.
                "--Centre:ServiceUri=http://127.0.0.1:9/fsi/api/rsfComIfsService/callService", "--Centre:MaxRetries=0",
                "--Settlement:OfflineMaxPerCardPerDayFen=10000000", "--Settlement:OfflineMaxTerminalPendingFen=10000000",
                "--Security:LocalScopes:4=settlement", "--Security:LocalScopes:5=journal.admin",
            ],
            wrapper: ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs \"$0\" && exec \"$@\"", _journal.FullName]);
        using var channel = GrpcChannel.ForAddress(await service.ListeningAsync());
        var settlement = new SettlementService.SettlementServiceClient(channel);
        var journal = new JournalService.JournalServiceClient(channel);
        await WaitForSessionAsync(new ReaderService.ReaderServiceClient(channel));

        var acknowledged = new List<SettleResponse>();
        RpcException? full = null;
        for (var i = 0; i < 200 && full is null; i++)
        {
            try
            {
                acknowledged.Add(await settlement.SettleAsync(Request($"bill-{i}"), Deadline()));
            }
            catch (RpcException e)
            {
                full = e;
            }
        }
        var again = await Assert.ThrowsAsync<RpcException>(() => settlement.SettleAsync(Request("bill-after-full"), Deadline()).ResponseAsync);
        var listed = await journal.ListAsync(new ListJournalRecordsRequest { Limit = 1000 }, Deadline());
        var chain = await journal.VerifyChainAsync(new VerifyChainRequest(), Deadline());

        Assert.NotNull(full);
        Assert.Equal("disk_full", ApiKeyClient.AssertError(full, StatusCode.Unavailable, "JOURNAL_UNAVAILABLE").Metadata["journal_reason"]);
        Assert.True(acknowledged.Count > 2, $"only {acknowledged.Count} settlements fitted before the disk was full");
        Assert.All(acknowledged, a => Assert.True(a.Offline));
        ApiKeyClient.AssertError(again, StatusCode.Unavailable, "JOURNAL_UNAVAILABLE");
        var stored = listed.Records.Where(r => r.State != JournalRecordState.Voided).Select(r => r.Uuid).ToHashSet();
        Assert.All(acknowledged, a => Assert.Contains(a.RecordId, stored));
        Assert.True(chain.Intact);
    }

    private static SettleRequest Request(string key) => new()
    {
        IdempotencyKey = key,
        Credential = new SettlementCredential { Card = new CardTarget { Reader = ServiceRig.Reader0 } },
        Bill = new Bill { Scenario = SettlementScenario.Pharmacy, TotalFen = 100 },
        Pin = "123456",
        Purpose = "disk full",
    };

    private static CallOptions Deadline() => new(deadline: DateTime.UtcNow.AddSeconds(20));

    private static async Task WaitForSessionAsync(ReaderService.ReaderServiceClient readers)
    {
        using var events = readers.WatchEvents(new WatchEventsRequest { Reader = ServiceRig.Reader0 }, Deadline());
        while (await events.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (events.ResponseStream.Current.SessionReady is not null)
            {
                return;
            }
        }
        throw new InvalidOperationException("the event stream ended before the card's session was ready");
    }
}
