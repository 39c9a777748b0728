using CardBridge.Cards;
using CardBridge.Cards.Authentication;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Recognition;
using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Transport;

namespace CardBridge.Terminal.Tests;

public sealed class CardTerminalTests
{
    private const string Reader = "Sim 0";
    private static readonly byte[] SsseAid = Convert.FromHexString("7378312E73682EC9E7BBE1B1A3D5CF");

    private static Task<ResponseApdu> SelectSsseAsync(ICardChannel channel, CancellationToken cancellationToken) =>
        channel.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x00, SsseAid, 256), cancellationToken);

    [Fact]
    public async Task Second_generation_card_is_pre_read_into_a_session_with_its_holder()
    {
        await using var rig = TerminalRig.Start();
        var session = await rig.InsertAsync(Reader, SimCard.SecondGen().Build());

        Assert.Equal(CardGeneration.Second, session.Recognition.Generation);
        Assert.Null(session.IdentityError);
        Assert.Equal("测试乙", session.Identity!.Holder!.Name);
        Assert.Same(session, rig.Terminal.GetSession(session.Id));
        Assert.Equal([new ReaderInfo(Reader, true, session.Id)], rig.Terminal.Readers);
    }

    [Fact]
    public async Task Third_generation_card_without_authenticator_has_no_holder_and_says_why()
    {
        await using var rig = TerminalRig.Start();
        var session = await rig.InsertAsync(Reader, SimCard.ThirdGen().Build());

        Assert.Equal(CardGeneration.Third, session.Recognition.Generation);
        Assert.Null(session.Identity!.Holder);
        Assert.Equal(HolderUnavailableReason.NoAuthenticator, session.Identity.HolderUnavailable);
    }

    [Fact]
    public async Task Third_generation_card_with_the_PSAM_has_its_holder()
    {
        var psam = new PsamAuthenticator(new CardChannel(new SimulatedCardTransport(SimCard.Psam().Build())));
        await using var rig = TerminalRig.Start(new CardTerminalOptions { Authenticator = psam });
        var session = await rig.InsertAsync(Reader, SimCard.ThirdGen().Build());

        Assert.Equal("测试甲", session.Identity!.Holder!.Name);
    }

    [Fact]
    public async Task Forged_third_generation_card_gets_a_session_with_CardNotGenuine()
    {
        var psam = new PsamAuthenticator(new CardChannel(new SimulatedCardTransport(SimCard.Psam().Build())));
        await using var rig = TerminalRig.Start(new CardTerminalOptions { Authenticator = psam });
        var session = await rig.InsertAsync(Reader, SimCard.ThirdGen().Forged().Build());

        Assert.Null(session.Identity);
        Assert.IsType<CardNotGenuineException>(session.IdentityError);
    }

    [Fact]
    public async Task Session_id_time_and_atr_come_from_the_injected_providers_and_the_card()
    {
        var id = Guid.Parse("5a1d0000-0000-4000-8000-000000000001");
        var card = SimCard.SecondGen().Build();
        await using var rig = TerminalRig.Start(new CardTerminalOptions { NewSessionId = () => id });
        var before = DateTimeOffset.UtcNow;
        var session = await rig.InsertAsync(Reader, card);

        Assert.Equal(id, session.Id);
        Assert.InRange(session.ReadAt, before, DateTimeOffset.UtcNow);
        Assert.Equal(card.Atr.ToArray(), session.Atr.ToArray());
    }

    [Fact]
    public async Task Reading_a_live_session_sends_no_APDU()
    {
        await using var rig = TerminalRig.Start();
        var session = await rig.InsertAsync(Reader, SimCard.SecondGen().Build());
        var afterPreRead = rig.Connector.Transmits;

        for (var i = 0; i < 10; i++)
        {
            Assert.Same(session, rig.Terminal.GetSession(session.Id));
            Assert.True(rig.Terminal.TryGetSession(session.Id, out _));
            _ = rig.Terminal.Readers;
        }
        Assert.Equal(afterPreRead, rig.Connector.Transmits);

        await rig.Terminal.RunOnCardAsync(session.Id, SelectSsseAsync, CancellationToken.None);
        Assert.Equal(afterPreRead + 1, rig.Connector.Transmits);
    }

    [Fact]
    public async Task Removal_ends_the_session_and_its_id_then_throws_SessionEnded()
    {
        await using var rig = TerminalRig.Start();
        var session = await rig.InsertAsync(Reader, SimCard.SecondGen().Build());

        rig.Bank.Remove(Reader);
        var removed = await rig.NextAsync<CardRemovedEvent>();

        Assert.Equal(new CardRemovedEvent(Reader, session.Id), removed);
        Assert.Equal(session.Id, Assert.Throws<SessionEndedException>(() => rig.Terminal.GetSession(session.Id)).SessionId);
        Assert.False(rig.Terminal.TryGetSession(session.Id, out _));
        await Assert.ThrowsAsync<SessionEndedException>(() => rig.Terminal.RunOnCardAsync(session.Id, SelectSsseAsync, CancellationToken.None));
        Assert.Equal([new ReaderInfo(Reader, false, null)], rig.Terminal.Readers);
    }

    [Fact]
    public async Task Unknown_session_id_throws_SessionEnded()
    {
        await using var rig = TerminalRig.Start();
        Assert.Throws<SessionEndedException>(() => rig.Terminal.GetSession(Guid.NewGuid()));
    }

    [Fact]
    public async Task A_different_card_in_the_same_reader_is_a_new_session()
    {
        await using var rig = TerminalRig.Start();
        var first = await rig.InsertAsync(Reader, SimCard.SecondGen().WithCardNumber("SIM000001").Build());
        rig.Bank.Remove(Reader);
        await rig.NextAsync<CardRemovedEvent>();
        var second = await rig.InsertAsync(Reader, SimCard.SecondGen().WithCardNumber("SIM000002").Build());

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("SIM000002", rig.Terminal.GetSession(second.Id).Identity!.Card.CardNumber);
        Assert.Throws<SessionEndedException>(() => rig.Terminal.GetSession(first.Id));
    }

    [Fact]
    public async Task Four_readers_each_get_their_own_card_session()
    {
        string[] readers = ["Sim 0", "Sim 1", "Sim 2", "Sim 3"];
        await using var rig = TerminalRig.Start(null, readers);
        foreach (var (reader, i) in readers.Select((r, i) => (r, i)))
        {
            rig.Bank.Insert(reader, SimCard.SecondGen().WithCardNumber($"SIM00000{i}").Build());
        }
        var sessions = new List<CardSession>();
        while (sessions.Count < readers.Length)
        {
            sessions.Add((await rig.NextAsync<SessionReadyEvent>()).Session);
        }

        foreach (var (reader, i) in readers.Select((r, i) => (r, i)))
        {
            var session = Assert.Single(sessions, s => s.Reader == reader);
            Assert.Equal($"SIM00000{i}", session.Identity!.Card.CardNumber);
        }
        Assert.Equal(4, sessions.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_work_on_one_card_is_serialised_and_none_is_lost()
    {
        await using var rig = TerminalRig.Start();
        var card = SimCard.SecondGen().Build();
        var session = await rig.InsertAsync(Reader, card);
        card.Faults.Delay = TimeSpan.FromMilliseconds(5);
        var inside = 0;
        var overlaps = 0;

        var calls = Enumerable.Range(0, 16).Select(i => rig.Terminal.RunOnCardAsync(session.Id, async (channel, ct) =>
        {
            if (Interlocked.Increment(ref inside) != 1)
            {
                Interlocked.Increment(ref overlaps);
            }
            var first = await SelectSsseAsync(channel, ct);
            var second = await SelectSsseAsync(channel, ct);
            Interlocked.Decrement(ref inside);
            return (i, first.StatusWord, second.StatusWord);
        }, CancellationToken.None)).ToList();
        var results = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, overlaps);
        Assert.Equal(Enumerable.Range(0, 16), results.Select(r => r.i));
        Assert.All(results, r => Assert.Equal((StatusWord.Success, StatusWord.Success), (r.Item2, r.Item3)));
    }

    [Fact]
    public async Task Cancelled_queued_work_never_runs_and_running_work_gets_the_token()
    {
        await using var rig = TerminalRig.Start();
        var session = await rig.InsertAsync(Reader, SimCard.SecondGen().Build());
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var runningCancel = new CancellationTokenSource();
        using var queuedCancel = new CancellationTokenSource();
        var queuedRan = false;

        var running = rig.Terminal.RunOnCardAsync(session.Id, async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }, runningCancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var queued = rig.Terminal.RunOnCardAsync(session.Id, (_, _) =>
        {
            queuedRan = true;
            return Task.FromResult(1);
        }, queuedCancel.Token);

        await queuedCancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        await runningCancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var after = await rig.Terminal.RunOnCardAsync(session.Id, SelectSsseAsync, CancellationToken.None);
        Assert.Equal(StatusWord.Success, after.StatusWord);
        Assert.False(queuedRan);
    }

    [Fact]
    public async Task Running_work_fails_with_SessionEnded_when_the_card_leaves()
    {
        await using var rig = TerminalRig.Start();
        var session = await rig.InsertAsync(Reader, SimCard.SecondGen().Build());
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var running = rig.Terminal.RunOnCardAsync(session.Id, async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }, CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        rig.Bank.Remove(Reader);

        await Assert.ThrowsAsync<SessionEndedException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Reader_detach_ends_its_session()
    {
        await using var rig = TerminalRig.Start(null, "Sim 0", "Sim 1");
        var session = await rig.InsertAsync("Sim 1", SimCard.SecondGen().Build());

        rig.Bank.DetachReader("Sim 1");
        var removed = await rig.NextAsync<CardRemovedEvent>();
        await rig.NextAsync<ReaderDetachedEvent>(e => e.Reader == "Sim 1");

        Assert.Equal(session.Id, removed.SessionId);
        Assert.Throws<SessionEndedException>(() => rig.Terminal.GetSession(session.Id));
        Assert.Equal(["Sim 0"], rig.Terminal.Readers.Select(r => r.Name));
    }

    [Fact]
    public async Task Hot_plugged_reader_appears_and_reads_its_card()
    {
        await using var rig = TerminalRig.Start();
        rig.Bank.AttachReader("Sim 9");
        await rig.NextAsync<ReaderAttachedEvent>(e => e.Reader == "Sim 9");
        var session = await rig.InsertAsync("Sim 9", SimCard.SecondGen().Build());

        Assert.Equal("Sim 9", session.Reader);
        Assert.Contains(rig.Terminal.Readers, r => r.Name == "Sim 9" && r.SessionId == session.Id);
    }

    [Fact]
    public async Task Service_loss_ends_sessions_and_restoration_reads_the_card_again_as_a_new_session()
    {
        await using var rig = TerminalRig.Start();
        var before = await rig.InsertAsync(Reader, SimCard.SecondGen().Build());

        rig.Bank.LoseService("SCardGetStatusChange: SCARD_E_NO_SERVICE");
        await rig.NextAsync<ServiceLostEvent>();
        Assert.Throws<SessionEndedException>(() => rig.Terminal.GetSession(before.Id));
        Assert.Empty(rig.Terminal.Readers);

        rig.Bank.RestoreService();
        await rig.NextAsync<ServiceRestoredEvent>();
        var after = (await rig.NextAsync<SessionReadyEvent>()).Session;
        Assert.NotEqual(before.Id, after.Id);
        Assert.Equal("测试乙", after.Identity!.Holder!.Name);
    }

    [Fact]
    public async Task Non_social_security_card_gets_a_session_with_NotASocialSecurityCard()
    {
        await using var rig = TerminalRig.Start();
        var session = await rig.InsertAsync(Reader, SimCard.Psam().Build());

        Assert.False(session.Recognition.IsSocialSecurityCard);
        Assert.Null(session.Identity);
        Assert.IsType<NotASocialSecurityCardException>(session.IdentityError);
    }

    [Fact]
    public async Task Card_pulled_during_the_pre_read_ends_without_a_session_and_the_reader_keeps_working()
    {
        await using var rig = TerminalRig.Start();
        var pulled = SimCard.SecondGen().Build();
        pulled.Faults.RemoveOnNextCommand = true;
        rig.Bank.Insert(Reader, pulled);
        await rig.Connector.CardPulled.Task.WaitAsync(TimeSpan.FromSeconds(10));

        rig.Bank.Remove(Reader);
        var removed = await rig.NextAsync<CardRemovedEvent>();
        Assert.Null(removed.SessionId);
        Assert.DoesNotContain(rig.Seen, e => e is SessionReadyEvent);

        var next = await rig.InsertAsync(Reader, SimCard.SecondGen().Build());
        Assert.Equal("测试乙", next.Identity!.Holder!.Name);
    }

    [Fact]
    public async Task Every_subscriber_gets_every_event()
    {
        await using var rig = TerminalRig.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var second = rig.Terminal.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        await using var _ = second;
        var session = await rig.InsertAsync(Reader, SimCard.SecondGen().Build());

        var seen = new List<TerminalEvent>();
        while (seen.LastOrDefault() is not SessionReadyEvent)
        {
            Assert.True(await second.MoveNextAsync());
            seen.Add(second.Current);
        }
        var cardEvents = seen.Where(e => e is not ReaderAttachedEvent).ToList();
        Assert.Equal(2, cardEvents.Count);
        Assert.Equal(Reader, Assert.IsType<CardInsertedEvent>(cardEvents[0]).Reader);
        Assert.Same(session, Assert.IsType<SessionReadyEvent>(cardEvents[1]).Session);
    }

    [Fact]
    public async Task Mute_card_is_reported_unreadable_and_the_reader_keeps_working()
    {
        await using var rig = TerminalRig.Start();
        var mute = SimCard.SecondGen().Build();
        mute.Faults.Mute = true;
        rig.Bank.Insert(Reader, mute);

        var unreadable = await rig.NextAsync<CardUnreadableEvent>();
        Assert.Equal(Reader, unreadable.Reader);
        Assert.IsType<CardMuteException>(unreadable.Error);
        Assert.Equal([new ReaderInfo(Reader, true, null)], rig.Terminal.Readers);

        rig.Bank.Remove(Reader);
        await rig.NextAsync<CardRemovedEvent>();
        var next = await rig.InsertAsync(Reader, SimCard.SecondGen().Build());
        Assert.Equal("测试乙", next.Identity!.Holder!.Name);
    }
}
