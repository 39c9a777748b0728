using System.Diagnostics;
using System.Threading.Channels;
using CardBridge.Api.V1;
using CardBridge.HardwareSim.Daemon;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Pcsc;
using CardBridge.Simulation.Profiles;
using Grpc.Core;
using Grpc.Net.Client;

namespace CardBridge.Tests.Shared;

/// <summary>How long a soak runs: card cycles, pcscd kills spread over them, the random gaps' seed.</summary>
/// <param name="Cycles">Card insertions and removals.</param>
/// <param name="Restarts">pcscd kills and restarts, evenly spread over the cycles.</param>
/// <param name="Seed">Seeds the gaps and which removals come mid pre-read, so a failing run can be repeated.</param>
internal sealed record SoakPlan(int Cycles, int Restarts, int Seed);

/// <summary>What a soak saw: its figures and the service's resources after warm-up and at the end.</summary>
internal sealed record SoakOutcome(
    int Cycles,
    int CyclesSeen,
    int RemovedMidPreRead,
    int Restarts,
    IReadOnlyList<double> SeenCycleMs,
    IReadOnlyList<double> RecoveryMs,
    IReadOnlyList<string> SessionsNotEnded,
    int CardsUnreadable,
    SoakResources WarmedUp,
    SoakResources End);

/// <summary>The service process's open file descriptors (handles, sockets) and threads.</summary>
internal sealed record SoakResources(int FileDescriptors, int Threads)
{
    public static SoakResources Of(int processId) => new(
        Directory.GetFiles($"/proc/{processId}/fd").Length,
        int.Parse(File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal))[8..].Trim(),
            System.Globalization.CultureInfo.InvariantCulture));

    public static SoakResources Max(SoakResources a, SoakResources b) =>
        new(Math.Max(a.FileDescriptors, b.FileDescriptors), Math.Max(a.Threads, b.Threads));
}

/// <summary>
/// The soak of issue 19 against a running service on pcscd + vpcd (the PSAM in the second reader): a 3.00 card goes in
/// and out with random gaps, some pulled mid pre-read, and pcscd is killed and restarted now and then; after each
/// restart a card is read. Every wait is for a state (ListReaders, pcscd's own presence, the ServiceLost event), never a
/// fixed time, so load slows it but does not fail it; states, not events, because a card pulled mid pre-read leaves
/// events that arrive late. Shared by the CI-sized test and <c>bench/run.sh soak</c>.
/// </summary>
internal sealed class SoakRun(PcscDaemon daemon, GrpcChannel channel, int serviceProcessId)
{
    public const string Reader = "Virtual PCD 00 00";

    // A generous bound for one event even on a loaded machine; only a service that stopped working exceeds it.
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    // pcscd polls vpcd every 400 ms. A card held in for up to this long before a pull is often pulled mid pre-read or
    // never seen at all, which is part of what is soaked; a gap up to this long between two cycles (more than one poll)
    // puts the next insertion at any phase of pcscd's poll.
    private const int MaxGapMs = 450;
    private const int MidPreReadPercent = 30;
    private const int WarmUpCycles = 20;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly Channel<ReaderEvent> _events = Channel.CreateUnbounded<ReaderEvent>();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _sessions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private int _unreadable;

    public async Task<SoakOutcome> RunAsync(SoakPlan plan, CancellationToken cancellationToken)
    {
        var readers = new ReaderService.ReaderServiceClient(channel);
        using var watch = readers.WatchEvents(new WatchEventsRequest(), cancellationToken: cancellationToken);
        var pump = PumpAsync(watch.ResponseStream, cancellationToken);
        await PollAsync(reader => reader is not null, "the service does not list the card's reader", cancellationToken);
        var random = new Random(plan.Seed);
        var seen = new List<double>();
        var recovery = new List<double>();
        var midPreRead = 0;
        var restartEvery = plan.Restarts == 0 ? int.MaxValue : Math.Max(1, plan.Cycles / plan.Restarts);
        var restarts = 0;
        SoakResources? warmedUp = null;
        await using (var psam = await ServeAsync(SimCard.Psam().Build(), VpcdBridgeOptions.SecondReaderPort, cancellationToken))
        await using (var card = await ServeAsync(SimCard.ThirdGen().Build(), VpcdBridgeOptions.FirstReaderPort, cancellationToken))
        {
            for (var cycle = 1; cycle <= plan.Cycles; cycle++)
            {
                if (cycle % restartEvery == 0 && restarts < plan.Restarts)
                {
                    recovery.Add(await RestartAsync(card, cancellationToken));
                    restarts++;
                }
                else if (random.Next(100) < MidPreReadPercent)
                {
                    card.Insert();
                    await Task.Delay(random.Next(MaxGapMs), cancellationToken);
                    card.Remove();
                    await NoCardAsync(cancellationToken);
                    midPreRead++;
                }
                else
                {
                    var started = Stopwatch.GetTimestamp();
                    await SeenCycleAsync(card, cancellationToken);
                    seen.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                await Task.Delay(random.Next(MaxGapMs), cancellationToken);
                if (cycle <= WarmUpCycles)
                {
                    var now = SoakResources.Of(serviceProcessId);
                    warmedUp = warmedUp is null ? now : SoakResources.Max(warmedUp, now);
                }
            }
        }
        // Whatever the last cycles left in flight settles before the sessions are checked.
        await NoCardAsync(cancellationToken);
        var notEnded = await SessionsNotEndedAsync(cancellationToken);
        var end = SoakResources.Of(serviceProcessId);
        watch.Dispose();
        await pump;
        return new SoakOutcome(plan.Cycles, seen.Count, midPreRead, restarts, seen, recovery, notEnded, _unreadable,
            warmedUp ?? end, end);
    }

    private static async Task<VpcdCardBridge> ServeAsync(CardBridge.Simulation.Cards.ISimulatedCard card, int port, CancellationToken cancellationToken)
    {
        var bridge = new VpcdCardBridge(card, new VpcdBridgeOptions { Port = port });
        _ = bridge.RunAsync(cancellationToken);
        if (port == VpcdBridgeOptions.SecondReaderPort)
        {
            bridge.Insert();
            await PcscPresence.WaitAsync("Virtual PCD 00 01", present: true, EventTimeout, cancellationToken);
        }
        return bridge;
    }

    // In, until the service has a new session for the card; out, until it has seen it go.
    private async Task SeenCycleAsync(VpcdCardBridge card, CancellationToken cancellationToken)
    {
        card.Insert();
        await NewSessionAsync(cancellationToken);
        card.Remove();
        await NoCardAsync(cancellationToken);
    }

    private async Task<string> NewSessionAsync(CancellationToken cancellationToken)
    {
        string? session = null;
        await PollAsync(reader => (session = reader?.SessionId) is { Length: > 0 } id && _used.Add(id), "no new session for the card", cancellationToken);
        return session!;
    }

    private async Task NoCardAsync(CancellationToken cancellationToken)
    {
        await PresenceAsync(false, cancellationToken);
        await PollAsync(reader => reader is not { CardPresent: true }, "the service still sees a card after it was pulled", cancellationToken);
    }

    private async Task PollAsync(Func<CardBridge.Api.V1.Reader?, bool> done, string failure, CancellationToken cancellationToken)
    {
        var readers = new ReaderService.ReaderServiceClient(channel);
        var until = DateTime.UtcNow + EventTimeout;
        while (!done((await readers.ListReadersAsync(new ListReadersRequest(), Deadline())).Readers.FirstOrDefault(r => r.Name == Reader)))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException(failure);
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    // Kills pcscd with the card in (its session ends with the service), starts it again, and reads the card afresh.
    private async Task<double> RestartAsync(VpcdCardBridge card, CancellationToken cancellationToken)
    {
        card.Insert();
        await NewSessionAsync(cancellationToken);
        await daemon.KillAsync(cancellationToken);
        await UntilAsync(e => e.EventCase == ReaderEvent.EventOneofCase.ServiceLost, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await daemon.StartAsync(EventTimeout, cancellationToken);
        var session = await NewSessionAsync(cancellationToken);
        var recovered = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var identity = new IdentityService.IdentityServiceClient(channel);
        var read = await identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { SessionId = session } }, Deadline());
        if (read.Identity.Genuineness != Genuineness.Verified || read.Identity.Holder is null)
        {
            throw new InvalidOperationException($"the read after a restart was not whole: {read.Identity}");
        }
        card.Remove();
        await NoCardAsync(cancellationToken);
        return recovered;
    }

    // Every session the service announced must answer CARD_REMOVED now that no card is in.
    private async Task<List<string>> SessionsNotEndedAsync(CancellationToken cancellationToken)
    {
        var identity = new IdentityService.IdentityServiceClient(channel);
        var open = new List<string>();
        foreach (var session in _sessions.Keys)
        {
            try
            {
                await identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { SessionId = session } }, Deadline());
                open.Add(session);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        return open;
    }

    private static Task PresenceAsync(bool present, CancellationToken cancellationToken) =>
        PcscPresence.WaitAsync(Reader, present, EventTimeout, cancellationToken);

    private static CallOptions Deadline() => new(deadline: DateTime.UtcNow + TimeSpan.FromSeconds(30));

    private async Task<ReaderEvent> UntilAsync(Func<ReaderEvent, bool> match, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(EventTimeout);
        while (true)
        {
            ReaderEvent next;
            try
            {
                next = await _events.Reader.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no expected event within {EventTimeout}");
            }
            if (match(next))
            {
                return next;
            }
        }
    }

    private async Task PumpAsync(IAsyncStreamReader<ReaderEvent> stream, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in stream.ReadAllAsync(cancellationToken))
            {
                if (change.SessionReady is { } ready)
                {
                    _sessions[ready.SessionId] = true;
                }
                if (change.EventCase == ReaderEvent.EventOneofCase.CardUnreadable)
                {
                    Interlocked.Increment(ref _unreadable);
                }
                await _events.Writer.WriteAsync(change, cancellationToken);
            }
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException)
        {
            // The watch ends when the soak disposes it.
        }
        _events.Writer.TryComplete();
    }
}
