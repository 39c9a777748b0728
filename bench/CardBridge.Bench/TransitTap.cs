using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using CardBridge.Api.V1;
using CardBridge.HardwareSim.Daemon;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Service.Hosting;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Readers;
using CardBridge.Simulation.SocialSecurity;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Bench;

/// <summary>
/// The fare gate's decision latency through the real service: (a) on PC/SC over the real pcscd + vpcd (card in
/// "Virtual PCD 00 00", PSAM in "Virtual PCD 00 01"): <c>TransitService.Tap</c> over gRPC, and gate mode (the card
/// pulled and put back, its decision streamed by WatchDecisions with <c>since_presented</c>); (b) the same in process
/// (simulator mode, simulated readers and PSAM); (c) 4 gates on one service in simulator mode, tapping concurrently both
/// ways, against the 300 ms budget. Every decision is a paid ride (the identity from the card's pre-read at arrival, which
/// the terminal authenticated with the PSAM; purse purchase; journal); each reports its APDU time and the service's own
/// time (<c>GateDecision.timing</c>).
/// </summary>
internal static class TransitTap
{
    public const string Name = "transit-tap";

    private const int Gates = 4;
    private const string Line = "L1";
    private const string Stop = "S01";
    private const string PcscCardReader = "Virtual PCD 00 00";
    private const string PcscPsamReader = "Virtual PCD 00 01";
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan DecisionTimeout = TimeSpan.FromSeconds(15);

    // Gate-mode arrivals before the measured ones (the Tap calls have their own warm-up): the arrival path is not the
    // Tap path, and until the runtime's tiered compiler has promoted its methods (after 30 calls, in the background)
    // it runs unoptimised code. A gate pays that once after it starts; the figures are its steady state.
    private const int WarmUpArrivals = 40;

    public static async Task<Result> RunAsync(int iterations, CancellationToken cancellationToken)
    {
        var arrivals = Math.Clamp(iterations / 5, 10, 200);
        var loadBefore = Conditions.LoadAverage();
        var pcsc = await OverPcscAsync(iterations, arrivals, cancellationToken);
        var inProcess = await InProcessAsync(iterations, arrivals, cancellationToken);
        var concurrent = await ConcurrentGatesAsync(iterations, arrivals, cancellationToken);
        return new Result(iterations, arrivals, WarmUpArrivals, pcsc, inProcess, concurrent, loadBefore, Conditions.LoadAverage());
    }

    private const uint PayingBalanceFen = 100_000_000;

    // A rider who can pay for every tap of a long run.
    private static SimulatedSocialSecurityCard Paying(int serial) =>
        SimCard.ThirdGen().WithCardNumber(string.Create(CultureInfo.InvariantCulture, $"SIMTAP{serial:D3}"))
            .WithSerial([0, 0, 0x30, (byte)serial]).WithPurse(PayingBalanceFen).Build();

    private static string GateId(int index) => string.Create(CultureInfo.InvariantCulture, $"BENCH-{index + 1:D2}");

    // Tap calls name a gate of their own: WatchDecisions streams Tap calls' decisions too, and a gate's watch must see
    // only its gate-mode decisions.
    private static string TapGateId(int index) => string.Create(CultureInfo.InvariantCulture, $"TAP-{index + 1:D2}");

    private static IEnumerable<KeyValuePair<string, string?>> TransitSettings(string directory, IReadOnlyList<string> readers) =>
    [
        new("Transit:ListsPath", Path.Combine(directory, "transit-lists.json")),
        new("Transit:PendingPurchasesPath", Path.Combine(directory, "transit-pending.db")),
        // Every tap of the benchmark is a new ride.
        new("Transit:DoubleTapWindow", "00:00:00"),
        new("Qr:Replay:DatabasePath", Path.Combine(directory, "qr-replay.db")),
        .. readers.SelectMany((reader, i) => new KeyValuePair<string, string?>[]
        {
            new($"Transit:Gates:{i}:Id", GateId(i)),
            new($"Transit:Gates:{i}:Reader", reader),
            new($"Transit:Gates:{i}:Line", Line),
            new($"Transit:Gates:{i}:Stop", Stop),
        }),
    ];

    // The simulator's local scopes (its settings list four) and transit.
    private static IEnumerable<KeyValuePair<string, string?>> SimulatedSettings(string directory, IReadOnlyList<string> readers) =>
        [.. TransitSettings(directory, readers), new("Security:LocalScopes:4", "transit")];

    private static async Task<Kinds> OverPcscAsync(int iterations, int arrivals, CancellationToken cancellationToken)
    {
        await using var daemon = new PcscDaemon();
        await daemon.StartAsync(TimeSpan.FromSeconds(10), cancellationToken);
        await using var psam = await ServedCard.StartAsync(SimCard.Psam().Build(), VpcdBridgeOptions.SecondReaderPort, PcscPsamReader, cancellationToken);
        await using var service = await InProcessService.StartOverPcscAsync(directory =>
        [
            new("Security:PseudonymKey", Convert.ToBase64String(SHA256.HashData("bench pseudonym key"u8))),
            new("Security:LocalScopes:0", "transit"),
            new("Readers:PsamReader", PcscPsamReader),
            new("Journal:EncryptionKey", Convert.ToBase64String(SHA256.HashData("bench encryption key"u8))),
            new("Journal:IntegrityKey", Convert.ToBase64String(SHA256.HashData("bench integrity key"u8))),
            new("Centre:ServiceUri", "http://127.0.0.1:9/fsi/api/rsfComIfsService/callService"),
            new("Centre:InstitutionCode", "SIMH0001"),
            new("Centre:InstitutionName", "测试公交"),
            new("Centre:OperatorCode", "SIMOP001"),
            new("Centre:OperatorName", "测试操作员"),
            new("Settlement:TerminalId", "999900000001"),
            new("Transit:ListKey", Convert.ToBase64String(SHA256.HashData("bench rider list key"u8))),
            .. TransitSettings(directory, [PcscCardReader]),
        ], cancellationToken);
        using var channel = service.NewChannel();
        var client = new TransitService.TransitServiceClient(channel);
        using var watch = new DecisionWatch(client, GateId(0));
        await watch.StartedAsync(cancellationToken);
        await using var card = await ServedCard.StartAsync(Paying(1), VpcdBridgeOptions.FirstReaderPort, PcscCardReader, cancellationToken);
        // The card's arrival is a gate-mode tap: wait for it, so the Tap calls below find the reader free.
        await watch.ArrivalOfAsync(card: 1, cancellationToken);

        var taps = await TapCallsAsync(client, PcscCardReader, TapGateId(0), iterations, cancellationToken);
        var gateMode = new Decisions();
        for (var i = 0; i < WarmUpArrivals + arrivals; i++)
        {
            await card.ReinsertAsync(cancellationToken);
            var decision = await watch.NextAsync(cancellationToken);
            if (i >= WarmUpArrivals)
            {
                gateMode.Add(decision);
            }
        }
        return new Kinds(taps.Summary(), gateMode.Summary());
    }

    private static async Task<Kinds> InProcessAsync(int iterations, int arrivals, CancellationToken cancellationToken)
    {
        await using var service = await InProcessService.StartSimulatedAsync(1, directory => SimulatedSettings(directory, [InProcessService.ReaderName(0)]), cancellationToken);
        using var channel = service.NewChannel();
        var client = new TransitService.TransitServiceClient(channel);
        using var watch = new DecisionWatch(client, GateId(0));
        await watch.StartedAsync(cancellationToken);
        var bank = service.Services.GetRequiredService<SimulatedReaderBank>();
        var card = Paying(1);
        bank.Remove(InProcessService.ReaderName(0));
        bank.Insert(InProcessService.ReaderName(0), card);
        await watch.ArrivalOfAsync(card: 1, cancellationToken);

        var taps = await TapCallsAsync(client, InProcessService.ReaderName(0), TapGateId(0), iterations, cancellationToken);
        var gateMode = new Decisions();
        for (var i = 0; i < WarmUpArrivals + arrivals; i++)
        {
            bank.Remove(InProcessService.ReaderName(0));
            bank.Insert(InProcessService.ReaderName(0), card);
            var decision = await watch.NextAsync(cancellationToken);
            if (i >= WarmUpArrivals)
            {
                gateMode.Add(decision);
            }
        }
        return new Kinds(taps.Summary(), gateMode.Summary());
    }

    private static async Task<Concurrent> ConcurrentGatesAsync(int iterations, int arrivals, CancellationToken cancellationToken)
    {
        var readers = Enumerable.Range(0, Gates).Select(InProcessService.ReaderName).ToArray();
        await using var service = await InProcessService.StartSimulatedAsync(Gates, directory => SimulatedSettings(directory, readers), cancellationToken);
        var bank = service.Services.GetRequiredService<SimulatedReaderBank>();
        var lanes = new List<Lane>();
        try
        {
            for (var i = 0; i < Gates; i++)
            {
                var channel = service.NewChannel();
                var client = new TransitService.TransitServiceClient(channel);
                var watch = new DecisionWatch(client, GateId(i));
                lanes.Add(new Lane(readers[i], TapGateId(i), Paying(i + 1), channel, client, watch));
                await watch.StartedAsync(cancellationToken);
                bank.Remove(readers[i]);
                bank.Insert(readers[i], lanes[i].Card);
                await watch.ArrivalOfAsync(card: i + 1, cancellationToken);
            }

            var perGate = Math.Max(1, iterations / Gates);
            var taps = new Decisions();
            await Task.WhenAll(lanes.Select(lane => TapCallsAsync(lane.Client, lane.Reader, lane.Gate, perGate, cancellationToken, taps)));
            var gateMode = new Decisions();
            await Task.WhenAll(lanes.Select(lane => Task.Run(
                async () =>
                {
                    for (var i = 0; i < WarmUpArrivals + arrivals; i++)
                    {
                        bank.Remove(lane.Reader);
                        bank.Insert(lane.Reader, lane.Card);
                        var decision = await lane.Watch.NextAsync(cancellationToken);
                        if (i >= WarmUpArrivals)
                        {
                            gateMode.Add(decision);
                        }
                    }
                },
                cancellationToken)));
            return new Concurrent(Gates, perGate, arrivals, taps.Summary(), gateMode.Summary(), Budget.TotalMilliseconds);
        }
        finally
        {
            foreach (var lane in lanes)
            {
                lane.Watch.Dispose();
                lane.Channel.Dispose();
            }
        }
    }

    private static async Task<Decisions> TapCallsAsync(
        TransitService.TransitServiceClient client, string reader, string gate, int taps, CancellationToken cancellationToken, Decisions? into = null)
    {
        var series = into ?? new Decisions();
        var request = new TapRequest { Card = new CardTarget { Reader = reader }, GateId = gate, Line = Line, Stop = Stop };
        // Warm-up: the first calls pay for connection set-up and JIT.
        for (var i = 0; i < 5; i++)
        {
            Paid((await client.TapAsync(request, cancellationToken: cancellationToken)).Decision);
        }
        for (var i = 0; i < taps; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var decision = (await client.TapAsync(request, cancellationToken: cancellationToken)).Decision;
            series.Add(Paid(decision), Stopwatch.GetElapsedTime(started));
        }
        return series;
    }

    private static GateDecision Paid(GateDecision decision) =>
        decision is { Allowed.FareFen: > 0, Repeated: false }
            ? decision
            : throw new InvalidOperationException($"the benchmark rider's tap was not a paid ride: {decision}");

    private sealed record Lane(
        string Reader, string Gate, SimulatedSocialSecurityCard Card, GrpcChannel Channel, TransitService.TransitServiceClient Client, DecisionWatch Watch);

    /// <summary>One gate's WatchDecisions stream.</summary>
    private sealed class DecisionWatch(TransitService.TransitServiceClient client, string gate) : IDisposable
    {
        private readonly AsyncServerStreamingCall<GateDecision> _call = client.WatchDecisions(new WatchDecisionsRequest { GateId = gate });

        public async Task StartedAsync(CancellationToken cancellationToken) => await _call.ResponseHeadersAsync.WaitAsync(DecisionTimeout, cancellationToken);

        public async Task<GateDecision> NextAsync(CancellationToken cancellationToken)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(DecisionTimeout);
            return await _call.ResponseStream.MoveNext(deadline.Token)
                ? Paid(_call.ResponseStream.Current)
                : throw new InvalidOperationException($"the decision stream of {gate} ended");
        }

        /// <summary>
        /// Skips decisions until the first of a benchmark rider's card (its purse holds more than any other card's): the
        /// simulator's initial card may have been tapped by gate mode just before it was replaced.
        /// </summary>
        public async Task ArrivalOfAsync(int card, CancellationToken cancellationToken)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(DecisionTimeout);
            while (await _call.ResponseStream.MoveNext(deadline.Token))
            {
                if (_call.ResponseStream.Current is { Allowed.BalanceAfterFen: > PayingBalanceFen / 2 })
                {
                    return;
                }
            }
            throw new InvalidOperationException($"the decision stream of {gate} ended before benchmark card {card} was tapped");
        }

        public void Dispose() => _call.Dispose();
    }

    /// <summary>Decisions of one kind: the service's APDU and own time, and the latency seen from outside.</summary>
    private sealed class Decisions
    {
        private readonly Lock _lock = new();
        private readonly List<(double Apdu, double Own, double Outside)> _samples = [];

        // Tap calls: outside = the client's round trip.
        public void Add(GateDecision decision, TimeSpan roundTrip) => Add(decision, roundTrip.TotalMilliseconds);

        // Gate mode: outside = since_presented, from the card's arrival to the decision.
        public void Add(GateDecision decision) => Add(decision, decision.Timing.SincePresented.ToTimeSpan().TotalMilliseconds);

        public Kind Summary()
        {
            (double Apdu, double Own, double Outside)[] all;
            lock (_lock)
            {
                all = [.. _samples];
            }
            var apdu = Samples.Of(all.Select(s => s.Apdu).ToArray());
            var own = Samples.Of(all.Select(s => s.Own).ToArray());
            var total = Samples.Of(all.Select(s => s.Apdu + s.Own).ToArray());
            var outside = Samples.Of(all.Select(s => s.Outside).ToArray());
            return new Kind(apdu, own, total, outside, Ratio.Of(own, apdu));
        }

        private void Add(GateDecision decision, double outside)
        {
            lock (_lock)
            {
                _samples.Add((decision.Timing.Apdu.ToTimeSpan().TotalMilliseconds, decision.Timing.Own.ToTimeSpan().TotalMilliseconds, outside));
            }
        }
    }

    internal sealed record Kind(
        [property: JsonPropertyName("apdu")] Samples Apdu,
        [property: JsonPropertyName("own")] Samples Own,
        [property: JsonPropertyName("decision")] Samples Decision,
        [property: JsonPropertyName("seen_outside")] Samples Outside,
        [property: JsonPropertyName("ratio_own_to_apdu")] Ratio Ratio);

    internal sealed record Kinds(
        [property: JsonPropertyName("tap_grpc")] Kind Tap,
        [property: JsonPropertyName("gate_mode")] Kind GateMode);

    internal sealed record Concurrent(
        [property: JsonPropertyName("gates")] int Gates,
        [property: JsonPropertyName("tap_calls_per_gate")] int TapsPerGate,
        [property: JsonPropertyName("arrivals_per_gate")] int ArrivalsPerGate,
        [property: JsonPropertyName("tap_grpc")] Kind Tap,
        [property: JsonPropertyName("gate_mode")] Kind GateMode,
        [property: JsonPropertyName("budget_ms")] double BudgetMs)
    {
        /// <summary>Pass: the p99 of what a gate sees (Tap round trip, gate mode since_presented) is within the budget.</summary>
        [JsonPropertyName("budget_pass")]
        public bool Pass => Tap.Outside.P99Ms < BudgetMs && GateMode.Outside.P99Ms < BudgetMs;

        [JsonPropertyName("max_within_budget")]
        public bool MaxWithin => Tap.Outside.MaxMs < BudgetMs && GateMode.Outside.MaxMs < BudgetMs;
    }

    internal sealed record Result(
        [property: JsonPropertyName("iterations")] int Iterations,
        [property: JsonPropertyName("arrivals")] int Arrivals,
        [property: JsonPropertyName("warm_up_arrivals")] int WarmUp,
        [property: JsonPropertyName("over_pcscd")] Kinds Pcsc,
        [property: JsonPropertyName("in_process")] Kinds InProcess,
        [property: JsonPropertyName("gates_4_concurrently_in_process")] Concurrent Concurrent,
        [property: JsonPropertyName("load_average_before")] string LoadBefore,
        [property: JsonPropertyName("load_average_after")] string LoadAfter) : IBenchmarkResult
    {
        [JsonPropertyName("benchmark")]
        public string Benchmark { get; } = Name;

        [JsonPropertyName("what")]
        public string What { get; } =
            "Fare gate decision latency through the real service, every decision a paid ride (identity from the pre-read at card arrival, authenticated with the PSAM there; purse purchase; journal). " +
            "over_pcscd: the service on PC/SC over the real pcscd + vpcd (card in Virtual PCD 00 00, PSAM in 00 01); in_process: the service in simulator mode. " +
            "tap_grpc: TransitService.Tap over loopback gRPC, seen_outside = the client's round trip; gate_mode: the card pulled and put back, its decision streamed by WatchDecisions, " +
            "seen_outside = timing.since_presented (arrival incl. recognition and pre-read to decision), measured after warm_up_arrivals not measured. apdu/own = GateDecision.timing (card + PSAM commands / the service's own time), " +
            "decision = apdu + own, ratio own/APDU of p50s and of p99s. gates_4_concurrently_in_process: 4 gates on one service (4 simulated readers, one shared PSAM) " +
            "tapping at once, budget_pass = p99 seen_outside of both kinds below budget_ms. ms.";

        [JsonPropertyName("machine")]
        public string Machine { get; } = Conditions.Machine;

        [JsonPropertyName("gc")]
        public string Gc { get; } = Conditions.Gc;

        public string Describe()
        {
            var lines = new List<string> { string.Create(CultureInfo.InvariantCulture, $"{Name}: {Iterations} Tap calls and {Arrivals} arrivals per kind (4 gates: per gate), after {WarmUp} gate-mode arrivals not measured") };
            lines.Add(Line("pcscd  Tap     ", Pcsc.Tap));
            lines.Add(Line("pcscd  gate    ", Pcsc.GateMode));
            lines.Add(Line("in-proc Tap    ", InProcess.Tap));
            lines.Add(Line("in-proc gate   ", InProcess.GateMode));
            lines.Add(Line("4 gates Tap    ", Concurrent.Tap));
            lines.Add(Line("4 gates gate   ", Concurrent.GateMode));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  4 gates against {Concurrent.BudgetMs:F0} ms: {(Concurrent.Pass ? "PASS" : "FAIL")} (p99), max within: {Concurrent.MaxWithin}; {Gc} GC; load average before {LoadBefore}, after {LoadAfter}"));
            return string.Join('\n', lines);
        }

        private static string Line(string label, Kind kind) => string.Create(CultureInfo.InvariantCulture,
            $"  {label} APDU p50 {kind.Apdu.MedianMs:F2} p99 {kind.Apdu.P99Ms:F2}  own p50 {kind.Own.MedianMs:F2} p99 {kind.Own.P99Ms:F2}  own/APDU p50 {kind.Ratio.Median:F2} p99 {kind.Ratio.P99:F2}  seen p50 {kind.Outside.MedianMs:F2} p99 {kind.Outside.P99Ms:F2} max {kind.Outside.MaxMs:F2} ms");
    }
}
