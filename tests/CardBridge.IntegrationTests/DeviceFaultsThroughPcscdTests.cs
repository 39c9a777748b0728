using CardBridge.Api.V1;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Simulation.Profiles;

namespace CardBridge.IntegrationTests;

/// <summary>Faults of the devices under the service, through the real pcscd: typed as what they are, recovered from.</summary>
[Collection("pcscd")]
[Trait("Category", "Integration")]
public sealed class DeviceFaultsThroughPcscdTests(PcscdFixture fixture)
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(20);

    private static bool IsSessionReadyIn(ReaderEvent e, string reader) =>
        e.EventCase == ReaderEvent.EventOneofCase.SessionReady && e.SessionReady.Reader == reader;

    // The card's third command (mid pre-read: after the recognition's first SELECTs) is in flight when pcscd dies.
    [Fact]
    public async Task A_pre_read_cut_by_pcscd_dying_ends_as_service_loss_never_as_card_unreadable()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var psam = await PcscdFixture.InsertAsync(SimCard.Psam().Build(), VpcdBridgeOptions.SecondReaderPort, timeout.Token);
        await using var service = await RunningService.OnPcscAsync(PcscdFixture.SecondReader);
        await using var events = await WatchingAsync(service);
        var gated = new GatedCard(SimCard.ThirdGen().Build(), held: 3, hold: TimeSpan.FromSeconds(6));
        List<ReaderEvent> seen;
        await using (var card = await PcscdFixture.InsertAsync(gated, VpcdBridgeOptions.FirstReaderPort, timeout.Token))
        {
            try
            {
                await gated.Reached.WaitAsync(EventTimeout, timeout.Token);
                await fixture.Daemon.KillAsync(timeout.Token);
                seen = await events.UntilAsync(e => e.EventCase == ReaderEvent.EventOneofCase.ServiceLost, EventTimeout);
            }
            finally
            {
                if (fixture.Daemon.ProcessId is null)
                {
                    await fixture.Daemon.StartAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
                }
            }
            // The same card, read afresh once the service is back: the card was never at fault.
            seen.AddRange(await events.UntilAsync(e => IsSessionReadyIn(e, PcscdFixture.FirstReader), TimeSpan.FromSeconds(30)));
        }

        Assert.False(seen.Exists(e => e.EventCase == ReaderEvent.EventOneofCase.CardUnreadable), string.Join(", ", seen));
        Assert.True(seen[^1].SessionReady.IdentityRead, string.Join(", ", seen));
    }

    [Fact]
    public async Task A_PSAM_pulled_and_put_back_serves_the_next_card_and_while_it_is_away_ListReaders_says_so()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        await using var psam = await PcscdFixture.InsertAsync(SimCard.Psam().Build(), VpcdBridgeOptions.SecondReaderPort, timeout.Token);
        await using var service = await RunningService.OnPcscAsync(PcscdFixture.SecondReader);
        await using var events = await WatchingAsync(service);
        var first = await ReadCardAsync(service, events, timeout.Token);

        // Pulled and put back between two cards: ListReaders shows each change before any card comes to need the PSAM
        // (the service follows the PSAM's reader), and the PSAM put back is connected and answering before the next card.
        await ReseatAsync(psam, present: false, timeout.Token);
        var pulled = await PsamWhenAsync(service, available: false, timeout.Token);
        await ReseatAsync(psam, present: true, timeout.Token);
        var reseated = await PsamWhenAsync(service, available: true, timeout.Token);
        var afterReseat = await ReadCardAsync(service, events, timeout.Token);

        // Pulled while a card arrives: the card is read without it, and ListReaders tells why.
        await ReseatAsync(psam, present: false, timeout.Token);
        await ReadCardAsync(service, events, timeout.Token);
        var away = (await service.Readers.ListReadersAsync(new ListReadersRequest(), RunningService.Deadline())).Psam;
        await ReseatAsync(psam, present: true, timeout.Token);
        var afterReturn = await ReadCardAsync(service, events, timeout.Token);
        var back = (await service.Readers.ListReadersAsync(new ListReadersRequest(), RunningService.Deadline())).Psam;

        foreach (var (what, read) in new[] { ("first", first), ("after the PSAM was put back", afterReseat), ("after it was away", afterReturn) })
        {
            Assert.True(read.Identity is { Genuineness: Genuineness.Verified, Holder.Name: "测试甲" }, $"{what}: {read.Outcome}");
        }
        Assert.Equal(PcscdFixture.SecondReader, pulled.Reader);
        Assert.Equal("SCARD_E_NO_SMARTCARD", pulled.Fault);
        Assert.Empty(pulled.TerminalNumber);
        Assert.Empty(reseated.Fault);
        Assert.NotEmpty(reseated.TerminalNumber);
        Assert.Equal(PcscdFixture.SecondReader, away.Reader);
        Assert.False(away.Available);
        Assert.NotEmpty(away.Fault);
        Assert.True(back.Available);
        Assert.Empty(back.Fault);
    }

    // The stream starts with the readers there are: once it shows the card's reader, the service is watching.
    private static async Task<EventWatch> WatchingAsync(RunningService service)
    {
        var events = new EventWatch(service.Readers);
        try
        {
            await events.UntilAsync(e => e.EventCase == ReaderEvent.EventOneofCase.ReaderAttached && e.ReaderAttached.Reader == PcscdFixture.FirstReader, EventTimeout);
            return events;
        }
        catch
        {
            await events.DisposeAsync();
            throw;
        }
    }

    // ListReaders, again until it shows the PSAM as wanted or the deadline passes: no card comes meanwhile.
    private static async Task<CardBridge.Api.V1.PsamSlot> PsamWhenAsync(RunningService service, bool available, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var psam = (await service.Readers.ListReadersAsync(new ListReadersRequest(), RunningService.Deadline())).Psam;
            if (psam.Available == available)
            {
                return psam;
            }
            Assert.True(waited.Elapsed < EventTimeout, $"after {waited.Elapsed} without a card, ListReaders still shows {psam}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static async Task ReseatAsync(VirtualCard psam, bool present, CancellationToken cancellationToken)
    {
        if (present)
        {
            psam.Bridge.Insert();
        }
        else
        {
            psam.Bridge.Remove();
        }
        await PcscdFixture.WaitForCardAsync(PcscdFixture.SecondReader, present, EventTimeout, cancellationToken);
    }

    // Inserts a 3.00 card, reads it from its session and pulls it; no identity when ReadCard refused it.
    private static async Task<(CardIdentity? Identity, string Outcome)> ReadCardAsync(RunningService service, EventWatch events, CancellationToken cancellationToken)
    {
        await using var card = await PcscdFixture.InsertAsync(SimCard.ThirdGen().Build(), VpcdBridgeOptions.FirstReaderPort, cancellationToken);
        var ready = (await events.UntilAsync(e => IsSessionReadyIn(e, PcscdFixture.FirstReader), EventTimeout))[^1].SessionReady;
        try
        {
            var identity = (await service.Identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { SessionId = ready.SessionId } },
                RunningService.Deadline())).Identity;
            return (identity, identity.ToString());
        }
        catch (Grpc.Core.RpcException e)
        {
            return (null, e.Status.ToString());
        }
    }
}
