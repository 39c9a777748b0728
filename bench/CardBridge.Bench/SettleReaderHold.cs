using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using CardBridge.Api.V1;
using CardBridge.Simulation.Centre;

namespace CardBridge.Bench;

/// <summary>
/// What holding the card's reader across the centre's round trip costs (issue 19 item 3): an online Settle keeps its
/// reader from the PIN check to the centre's answer, because the offline fallback writes the card under that PIN
/// check (see <c>docs/architecture.md</c>, "The reader during a settlement"). Against the real service in-process in
/// simulator mode, with the simulated centre holding every 2207 settle for <see cref="CentreDelay"/>: (1) VerifyPin
/// on reader 0 with nothing else going on; (2) Settle on reader 0; (3) VerifyPin on reader 0 sent while a settle on
/// reader 0 is held at the centre; (4) VerifyPin on reader 1 sent while a settle on reader 0 is held at the centre.
/// The kinds take turns in rounds after a discarded warm-up.
/// </summary>
internal static class SettleReaderHold
{
    public const string Name = "settle-reader-hold";

    private const int Rounds = 20;
    private static readonly TimeSpan CentreDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan HeldTimeout = TimeSpan.FromSeconds(10);

    public static async Task<Result> RunAsync(int iterations, CancellationToken cancellationToken)
    {
        var loadBefore = Conditions.LoadAverage();
        var turns = new Turns(Rounds, iterations);
        await using var service = await InProcessService.StartSimulatedAsync(
            2, _ => SettlementThroughput.SettlementSettings(offline: false, groupCommit: true), cancellationToken);
        var centre = SettlementThroughput.CentreOf(service);
        using var settleChannel = service.NewChannel();
        using var verifyChannel = service.NewChannel();
        var settlement = new SettlementService.SettlementServiceClient(settleChannel);
        var identity = new IdentityService.IdentityServiceClient(verifyChannel);
        var sameReader = new VerifyPinRequest { Target = new CardTarget { Reader = InProcessService.ReaderName(0) }, Purpose = InProcessService.Purpose, Pin = InProcessService.SimulatedCardPin };
        var otherReader = new VerifyPinRequest { Target = new CardTarget { Reader = InProcessService.ReaderName(1) }, Purpose = InProcessService.Purpose, Pin = InProcessService.SimulatedCardPin };

        var alone = new Series();
        var settle = new Series();
        var same = new Series();
        var other = new Series();
        await turns.TakeAsync(
            new Turn(5, turns.PerRound, (count, pass) =>
                pass.Into(alone).TimeAsync(count, () => identity.VerifyPinAsync(sameReader, cancellationToken: cancellationToken).ResponseAsync)),
            new Turn(5, turns.PerRound, (count, pass) =>
                pass.Into(settle).TimeAsync(count, () =>
                {
                    HoldNextSettle(centre);
                    return SettlementThroughput.SettleOnlineAsync(settlement, InProcessService.ReaderName(0), cancellationToken);
                })),
            new Turn(5, turns.PerRound, (count, pass) => DuringSettleAsync(count, pass.Into(same), sameReader)),
            new Turn(5, turns.PerRound, (count, pass) => DuringSettleAsync(count, pass.Into(other), otherReader)));
        return new Result(turns.Total, CentreDelay.TotalMilliseconds, alone.Summary(), settle.Summary(), same.Summary(), other.Summary(),
            loadBefore, Conditions.LoadAverage());

        async Task DuringSettleAsync(int count, Series into, VerifyPinRequest verify)
        {
            for (var i = 0; i < count; i++)
            {
                var held = await HeldSettleAsync(settlement, centre, cancellationToken);
                var start = Stopwatch.GetTimestamp();
                await identity.VerifyPinAsync(verify, cancellationToken: cancellationToken);
                into.AddSince(start);
                await held.Settled;
            }
        }
    }

    /// <summary>Starts a settle on reader 0 whose 2207 the centre holds for <see cref="CentreDelay"/>; returns once the centre holds it.</summary>
    private static async Task<HeldSettle> HeldSettleAsync(SettlementService.SettlementServiceClient client, SimulatedCentre centre, CancellationToken cancellationToken)
    {
        HoldNextSettle(centre);
        var settled = SettlementThroughput.SettleOnlineAsync(client, InProcessService.ReaderName(0), cancellationToken);
        var waiting = Stopwatch.GetTimestamp();
        // A one-time fault is used up once the centre has received its request: from then on the centre holds it.
        while (centre.PendingFaultCount > 0)
        {
            if (Stopwatch.GetElapsedTime(waiting) > HeldTimeout || settled.IsCompleted)
            {
                await settled;
                throw new TimeoutException("the centre did not receive the settle's 2207");
            }
            await Task.Delay(1, cancellationToken);
        }
        return new HeldSettle(settled);
    }

    private static void HoldNextSettle(SimulatedCentre centre) =>
        centre.InjectFault(new CentreFaultRule(CentreFault.Slow, Times: 1, OnlyInfNo: "2207", Delay: CentreDelay));

    private sealed record HeldSettle(Task Settled);

    internal sealed record Result(
        [property: JsonPropertyName("iterations")] int Iterations,
        [property: JsonPropertyName("centre_delay_ms")] double CentreDelayMs,
        [property: JsonPropertyName("verify_pin_alone")] Samples Alone,
        [property: JsonPropertyName("settle_online")] Samples Settle,
        [property: JsonPropertyName("verify_pin_same_reader_during_settle")] Samples SameReader,
        [property: JsonPropertyName("verify_pin_other_reader_during_settle")] Samples OtherReader,
        [property: JsonPropertyName("load_average_before")] string LoadBefore,
        [property: JsonPropertyName("load_average_after")] string LoadAfter) : IBenchmarkResult
    {
        [JsonPropertyName("benchmark")]
        public string Benchmark { get; } = Name;

        [JsonPropertyName("what")]
        public string What { get; } =
            "What an online Settle holding its reader across the centre's round trip costs, the service in-process in simulator mode, the simulated centre holding each 2207 for centre_delay_ms: " +
            "VerifyPin on the settle's reader alone; the Settle; VerifyPin on the settle's reader and on another reader, each sent once the centre holds a settle's 2207. ms, after a discarded warm-up, kinds taking turns in rounds.";

        [JsonPropertyName("machine")]
        public string Machine { get; } = Conditions.Machine;

        public string Describe() => string.Create(CultureInfo.InvariantCulture, $"""
            {Name}: {Iterations} calls per kind, the centre holding each settle {CentreDelayMs:F0} ms
              VerifyPin alone                          median {Alone.MedianMs:F2} ms  p99 {Alone.P99Ms:F2} ms
              Settle online                            median {Settle.MedianMs:F2} ms  p99 {Settle.P99Ms:F2} ms
              VerifyPin, same reader, during a settle  median {SameReader.MedianMs:F2} ms  p99 {SameReader.P99Ms:F2} ms
              VerifyPin, other reader, during a settle median {OtherReader.MedianMs:F2} ms  p99 {OtherReader.P99Ms:F2} ms
              load average before {LoadBefore}, after {LoadAfter}
            """);
    }
}
