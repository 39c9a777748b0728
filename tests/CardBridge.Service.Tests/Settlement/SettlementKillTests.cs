using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CardBridge.Api.V1;
using CardBridge.Simulation.Centre;
using Google.Protobuf;
using Grpc.Core;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CardBridge.Service.Tests.Settlements;

/// <summary>
/// Issue 5, item 8: kill -9 of the real service at random points of a loop of settlements, with the centre going up
/// and down and once committing settles whose answer it then drops. A client that lost an answer restarts the service
/// and asks again with the same key, as a HIS does. At the end every acknowledged settlement must be at the centre
/// exactly once, and nothing the client was not told about may be.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SettlementKillTests(ITestOutputHelper output)
{
    private const int Settlements = 36;
    private const int Kills = 5;
    private const int PoolShareBasisPoints = 6000;
    private const string PersonNo = "SIMPSN-SIM000001";
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan AnswerPatience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<CentreMode, TimeSpan> _callTimes = [];

    private enum CentreMode
    {
        Up,
        Down,
        DropsSettleAnswers,
    }

    [Fact]
    public async Task Kill_9_during_settlements_loses_no_acknowledged_settlement_and_leaves_none_unacknowledged_at_the_centre()
    {
        var seed = Environment.GetEnvironmentVariable("CARDBRIDGE_KILL_SEED") is { Length: > 0 } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var clock = Stopwatch.StartNew();
        await using var rig = SettlementKillRig.Create(new SimulatedCentreOptions
        {
            People = CentrePerson.FromCardProfiles(),
            PoolShareBasisPoints = PoolShareBasisPoints,
        });
        try
        {
            var random = new Random(seed);
            var acks = await SettleWithKillsAsync(rig, random, seed);
            await UploadEverythingAsync(rig, random);
            await AssertNothingLostAsync(rig, acks);
        }
        catch (Exception e)
        {
            throw new XunitException(
                $"Seed {seed} (rerun with CARDBRIDGE_KILL_SEED={seed}) after {clock.Elapsed}: {e}{Environment.NewLine}{rig.Diagnostics()}");
        }
        output.WriteLine($"Seed {seed}, {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(rig.Diagnostics().Split("--- service", 2)[0]);
    }

    private async Task<Dictionary<string, Ack>> SettleWithKillsAsync(SettlementKillRig rig, Random random, int seed)
    {
        var modes = Plan(random);
        var kills = KillPoints(random, modes);
        // At one kill in an up stretch the centre goes down with the terminal and comes back after one retry.
        var outage = kills.Where(i => modes[i] == CentreMode.Up).Min();
        rig.Note($"seed {seed}; kills during settlements {string.Join(", ", kills.Order())}; the centre is down across restart {outage}");
        var acks = new Dictionary<string, Ack>(StringComparer.Ordinal);
        await rig.StartServiceAsync();
        CentreMode? current = null;
        for (var i = 0; i < Settlements; i++)
        {
            if (modes[i] != current)
            {
                current = modes[i];
                Switch(rig.Centre, modes[i]);
                rig.Note($"centre {modes[i]}");
            }
            var request = Request(string.Create(CultureInfo.InvariantCulture, $"kill-{seed}-{i:D2}"), random.Next(100, 501));
            if (kills.Contains(i))
            {
                // Somewhere inside the call: a settle takes from a few to a few hundred ms depending on the centre's mode.
                var typical = _callTimes.GetValueOrDefault(modes[i], TimeSpan.FromMilliseconds(100));
                await KillDuringAsync(rig, request, typical * (random.NextDouble() * 1.2), i == outage ? modes[i] : null, acks, random);
            }
            else
            {
                var call = Stopwatch.StartNew();
                Acknowledge(rig, acks, request, await SettleUntilAnsweredAsync(rig, request));
                _callTimes[modes[i]] = call.Elapsed;
            }
        }
        return acks;
    }

    // The in-flight settle is sent, the service killed after the delay, restarted on the same journal, and the request
    // re-sent with the same key until it answers. Answers the client had before the kill must come back unchanged.
    private static async Task KillDuringAsync(
        SettlementKillRig rig, SettleRequest request, TimeSpan delay, CentreMode? downUntilRetried, Dictionary<string, Ack> acks, Random random)
    {
        var earlier = acks.Values.ToList();
        using var call = rig.Settlement.SettleAsync(request, new CallOptions(deadline: DateTime.UtcNow.Add(CallDeadline)));
        // The delay picks the kill point inside the call; it waits for no event.
        await Task.Delay(delay);
        rig.Note($"{request.IdempotencyKey} ({request.Bill.TotalFen} fen) in flight for {delay.TotalMilliseconds:F0} ms: kill -9");
        await rig.KillAsync();
        if (downUntilRetried is not null)
        {
            Switch(rig.Centre, CentreMode.Down);
            rig.Note("centre Down across the restart");
        }
        try
        {
            var before = await call.ResponseAsync;
            rig.Note($"{request.IdempotencyKey} was answered before the kill: {Describe(before)}");
            Acknowledge(rig, acks, request, before);
        }
        catch (RpcException e)
        {
            rig.Note($"{request.IdempotencyKey} lost its answer: {e.StatusCode}");
        }
        await rig.StartServiceAsync();
        if (downUntilRetried is { } mode)
        {
            await RetryWhileCentreDownAsync(rig, request, acks);
            Switch(rig.Centre, mode);
            rig.Note($"centre {mode} again");
        }
        Acknowledge(rig, acks, request, await SettleUntilAnsweredAsync(rig, request));
        if (earlier.Count > 0)
        {
            foreach (var ack in new[] { earlier[^1], earlier[random.Next(earlier.Count)] }.Distinct())
            {
                var replay = await SettleUntilAnsweredAsync(rig, ack.Request);
                Assert.True(replay.Replayed, $"{ack.Request.IdempotencyKey} was settled again after the restart: {Describe(replay)}");
                Acknowledge(rig, acks, ack.Request, replay);
            }
        }
    }

    // A settle the killed process sent may stand at the centre: until the centre can be asked to reverse it, the key
    // answers SETTLEMENT_OUTCOME_UNKNOWN; a settle that never reached the centre goes offline; one that completed replays.
    private static async Task RetryWhileCentreDownAsync(SettlementKillRig rig, SettleRequest request, Dictionary<string, Ack> acks)
    {
        try
        {
            var answer = await rig.Settlement.SettleAsync(request, new CallOptions(deadline: DateTime.UtcNow.Add(CallDeadline)));
            Acknowledge(rig, acks, request, answer);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
        {
            rig.Note($"{request.IdempotencyKey} while the centre is down: {e.StatusCode} {Reason(e)}");
        }
    }

    private static async Task<SettleResponse> SettleUntilAnsweredAsync(SettlementKillRig rig, SettleRequest request)
    {
        var patience = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await rig.Settlement.SettleAsync(request, new CallOptions(deadline: DateTime.UtcNow.Add(CallDeadline)));
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Aborted or StatusCode.DeadlineExceeded
                && patience.Elapsed < AnswerPatience)
            {
                rig.Note($"{request.IdempotencyKey} attempt {attempt}: {e.StatusCode} {Reason(e)} {e.Status.Detail}");
                // A HIS's pause between retries.
                await Task.Delay(RetryPause);
            }
        }
    }

    private static void Acknowledge(SettlementKillRig rig, Dictionary<string, Ack> acks, SettleRequest request, SettleResponse answer)
    {
        if (acks.TryGetValue(request.IdempotencyKey, out var first))
        {
            Assert.True(Outcome(first.Response) == Outcome(answer),
                $"{request.IdempotencyKey} was answered {Describe(first.Response)} and later {Describe(answer)}");
            return;
        }
        acks.Add(request.IdempotencyKey, new Ack(request, answer));
        rig.Note($"{request.IdempotencyKey} ({request.Bill.TotalFen} fen) acknowledged {Describe(answer)}");
    }

    private static async Task UploadEverythingAsync(SettlementKillRig rig, Random random)
    {
        rig.Centre.ClearFaults();
        rig.Note("centre up for the final upload");
        await KillDuringUploadAsync(rig, random);
        var patience = Stopwatch.StartNew();
        while (true)
        {
            var round = await rig.Journal.UploadNowAsync(new UploadNowRequest(), new CallOptions(deadline: DateTime.UtcNow.Add(CallDeadline)));
            var stats = await rig.Journal.StatsAsync(new JournalStatsRequest());
            rig.Note($"UploadNow: {round.Round.Uploaded} uploaded, {round.Round.Rejected} rejected; {stats.PendingCount} pending");
            if (stats.PendingCount == 0)
            {
                Assert.Equal(0, stats.RejectedCount);
                return;
            }
            Assert.True(patience.Elapsed < AnswerPatience, $"{stats.PendingCount} records still pending after {patience.Elapsed}");
            // The adapter's circuit breaker lets a probe through after its break.
            await Task.Delay(RetryPause);
        }
    }

    // One more kill, inside an upload round: a record the centre accepted but the journal had not marked yet is sent
    // again after the restart, and the centre must count it (and take its money) once.
    private static async Task KillDuringUploadAsync(SettlementKillRig rig, Random random)
    {
        // The adapter's circuit breaker may still be open from the outage: once its break is over, a probe closes it.
        var patience = Stopwatch.StartNew();
        while (!(await rig.Settlement.QueryAccountAsync(new QueryAccountRequest { Credential = Card, Purpose = "kill -9 test" })).CentreReachable)
        {
            Assert.True(patience.Elapsed < AnswerPatience, $"the centre is still unreachable after {patience.Elapsed}");
            await Task.Delay(RetryPause);
        }
        var pending = (await rig.Journal.StatsAsync(new JournalStatsRequest())).PendingCount;
        using var round = rig.Journal.UploadNowAsync(new UploadNowRequest(), new CallOptions(deadline: DateTime.UtcNow.Add(CallDeadline)));
        // An upload takes some ms per record; the delay picks the kill point inside the round and waits for no event.
        var delay = TimeSpan.FromMilliseconds(random.Next(0, (int)pending * 15 + 1));
        await Task.Delay(delay);
        rig.Note($"UploadNow with {pending} pending in flight for {delay.TotalMilliseconds:F0} ms: kill -9");
        await rig.KillAsync();
        try
        {
            var answered = await round.ResponseAsync;
            rig.Note($"UploadNow was answered before the kill: {answered.Round.Uploaded} uploaded");
        }
        catch (RpcException e)
        {
            rig.Note($"UploadNow lost its answer: {e.StatusCode}");
        }
        await rig.StartServiceAsync();
    }

    private static async Task AssertNothingLostAsync(SettlementKillRig rig, Dictionary<string, Ack> acks)
    {
        var online = acks.Values.Where(a => !a.Response.Offline).ToList();
        var offline = acks.Values.Where(a => a.Response.Offline).ToList();
        rig.Note($"{online.Count} acknowledged online, {offline.Count} offline; the centre got {rig.Centre.RequestCount("CB01")} uploads");
        Assert.NotEmpty(online);
        Assert.NotEmpty(offline);

        var records = await ListAllAsync(rig.Journal);
        var chain = await rig.Journal.VerifyChainAsync(new VerifyChainRequest());
        Assert.True(chain.Intact, $"chain: {chain.Fault} at {chain.FirstBadSequence}: {chain.Detail}");
        Assert.Equal(records.Count, chain.RecordsChecked);
        foreach (var ack in offline)
        {
            var record = Assert.Single(records, r => r.Uuid == ack.Response.RecordId);
            Assert.Equal(ack.Response.JournalSequence, record.Sequence);
            Assert.Equal(ack.Request.Bill.TotalFen, record.Amounts.TotalFen);
            Assert.Equal(JournalRecordState.Uploaded, record.State);
            Assert.True(rig.Centre.IsOfflineRecordAccepted(Guid.Parse(ack.Response.RecordId)), $"offline {ack.Request.IdempotencyKey} not at the centre");
        }
        // Nothing in the journal that no client was answered for.
        Assert.Equal(offline.Select(a => a.Response.RecordId).Order(StringComparer.Ordinal), records.Select(r => r.Uuid).Order(StringComparer.Ordinal));
        Assert.Equal(offline.Count, rig.Centre.AcceptedOfflineRecordCount);

        foreach (var ack in online)
        {
            Assert.True(rig.Centre.IsSettlementActive(ack.Response.SettlementId), $"online {ack.Request.IdempotencyKey} ({ack.Response.SettlementId}) not in effect");
            Assert.Equal(AccountShare(ack.Request.Bill.TotalFen), ack.Response.Amounts.AccountFen);
        }
        Assert.Equal(online.Count, online.Select(a => a.Response.SettlementId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(online.Count, rig.Centre.ActiveSettlementCount);

        // Online the account pays what the pooled fund does not (the balance never runs short here); offline the
        // whole bill is recorded as account payment and taken from the account when the record is accepted.
        var expected = CentrePerson.ProfileAccountBalanceFen
            - online.Sum(a => AccountShare(a.Request.Bill.TotalFen))
            - offline.Sum(a => a.Request.Bill.TotalFen);
        Assert.Equal(expected, rig.Centre.AccountBalanceFen(PersonNo));
    }

    private static long AccountShare(long totalFen) => totalFen - totalFen * PoolShareBasisPoints / 10_000;

    private static async Task<List<JournalRecord>> ListAllAsync(JournalService.JournalServiceClient journal)
    {
        var records = new List<JournalRecord>();
        var from = 0L;
        do
        {
            var page = await journal.ListAsync(new ListJournalRecordsRequest { FromSequence = from, Limit = 100 });
            records.AddRange(page.Records);
            from = page.NextFromSequence;
        }
        while (from != 0);
        return records;
    }

    // Stretches of 3–6 settlements; the centre is up in every other one, and drops settle answers in one. The last
    // stretch is down, so the final upload has a backlog to be killed in.
    private static CentreMode[] Plan(Random random)
    {
        const int LastStretch = 4;
        CentreMode[] stretches = [CentreMode.Up, CentreMode.Down, CentreMode.Up, CentreMode.DropsSettleAnswers, CentreMode.Up, CentreMode.Down];
        var modes = new List<CentreMode>();
        for (var s = 0; modes.Count < Settlements - LastStretch; s++)
        {
            modes.AddRange(Enumerable.Repeat(stretches[s % stretches.Length], random.Next(3, 7)));
        }
        return [.. modes.Take(Settlements - LastStretch), .. Enumerable.Repeat(CentreMode.Down, LastStretch)];
    }

    // One kill in each kind of stretch, the rest anywhere after the first settlement.
    private static HashSet<int> KillPoints(Random random, CentreMode[] modes)
    {
        var kills = new HashSet<int>();
        foreach (var mode in Enum.GetValues<CentreMode>())
        {
            var candidates = Enumerable.Range(1, Settlements - 1).Where(i => modes[i] == mode).ToList();
            kills.Add(candidates[random.Next(candidates.Count)]);
        }
        while (kills.Count < Kills)
        {
            kills.Add(random.Next(1, Settlements));
        }
        return kills;
    }

    private static void Switch(SimulatedCentre centre, CentreMode mode)
    {
        centre.ClearFaults();
        switch (mode)
        {
            case CentreMode.Down:
                centre.InjectFault(new CentreFaultRule(CentreFault.Down));
                break;
            case CentreMode.DropsSettleAnswers:
                centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, OnlyInfNo: "2207"));
                break;
            default:
                break;
        }
    }

    private static SettlementCredential Card => new() { Card = new CardTarget { Reader = SettlementKillRig.Reader } };

    private static SettleRequest Request(string key, long totalFen) => new()
    {
        IdempotencyKey = key,
        Credential = Card,
        Bill = new Bill
        {
            Scenario = SettlementScenario.Outpatient,
            TotalFen = totalFen,
            LineItemHash = ByteString.CopyFrom(SHA256.HashData(Encoding.UTF8.GetBytes(key))),
        },
        Purpose = "kill -9 test",
        Pin = "123456",
    };

    private static string Reason(RpcException error) => error.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason ?? "";

    // Everything of an answer that must not change between answers for one key (not Replayed).
    private static string Outcome(SettleResponse answer) => string.Create(CultureInfo.InvariantCulture,
        $"offline={answer.Offline} setl_id={answer.SettlementId} msg_id={answer.MsgId} record={answer.RecordId} seq={answer.JournalSequence} amounts={answer.Amounts} card_written={answer.CardWritten} at={answer.SettledAt}");

    private static string Describe(SettleResponse answer) =>
        (answer.Offline ? "offline" : "online") + (answer.Replayed ? " (replayed) " : " ") + Outcome(answer);

    private sealed record Ack(SettleRequest Request, SettleResponse Response);
}
