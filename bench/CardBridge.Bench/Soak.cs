using System.Globalization;
using System.Text.Json.Serialization;
using CardBridge.HardwareSim.Daemon;
using CardBridge.IntegrationTests;

namespace CardBridge.Bench;

/// <summary>
/// The long soak of issue 19 (the CI-sized one is SoakThroughPcscdTests): <c>--iterations</c> card cycles (10,000) with
/// random gaps, some pulled mid pre-read, and one pcscd kill and restart per 100 cycles, against the real service
/// process on its own pcscd + vpcd. Figures: a seen cycle (in → session → out → gone), the recovery after a restart
/// (pcscd started → the card's new session), and the service's descriptors and threads after warm-up and at the end.
/// </summary>
internal static class Soak
{
    public const string Name = "soak";

    public const int CyclesPerRestart = 100;

    public static async Task<Result> RunAsync(int cycles, CancellationToken cancellationToken)
    {
        var daemon = new PcscDaemon();
        await using (daemon)
        {
            await daemon.StartAsync(TimeSpan.FromSeconds(15), cancellationToken);
            await using var service = await RunningService.OnPcscAsync("Virtual PCD 00 01");
            var outcome = await new SoakRun(daemon, service.Channel, service.ProcessId)
                .RunAsync(new SoakPlan(cycles, cycles / CyclesPerRestart, Seed: 19), cancellationToken);
            return new Result(outcome.Cycles, outcome.CyclesSeen, outcome.RemovedMidPreRead, outcome.Restarts,
                Samples.Of([.. outcome.SeenCycleMs]), outcome.RecoveryMs.Count == 0 ? null : Samples.Of([.. outcome.RecoveryMs]),
                outcome.SessionsNotEnded.Count, outcome.CardsUnreadable, outcome.WarmedUp, outcome.End);
        }
    }

    internal sealed record Result(
        [property: JsonPropertyName("cycles")] int Cycles,
        [property: JsonPropertyName("cycles_seen")] int CyclesSeen,
        [property: JsonPropertyName("removed_mid_pre_read")] int RemovedMidPreRead,
        [property: JsonPropertyName("restarts")] int Restarts,
        [property: JsonPropertyName("seen_cycle")] Samples SeenCycle,
        [property: JsonPropertyName("recovery")] Samples? Recovery,
        [property: JsonPropertyName("sessions_not_ended")] int SessionsNotEnded,
        [property: JsonPropertyName("cards_unreadable")] int CardsUnreadable,
        [property: JsonPropertyName("resources_after_warm_up")] SoakResources WarmedUp,
        [property: JsonPropertyName("resources_at_end")] SoakResources End) : IBenchmarkResult
    {
        [JsonPropertyName("benchmark")]
        public string Benchmark { get; } = Name;

        [JsonPropertyName("what")]
        public string What { get; } =
            "soak over pcscd + vpcd: a 3.00 card in and out with random gaps (some pulled mid pre-read), pcscd killed and restarted every 100 cycles; ms per seen cycle and per recovery (pcscd started -> new session); the service's fds and threads";

        [JsonPropertyName("machine")]
        public string Machine { get; } = Conditions.Machine;

        public string Describe() => string.Create(CultureInfo.InvariantCulture, $"""
            {Name}: {Cycles} cycles ({CyclesSeen} seen, {RemovedMidPreRead} pulled mid pre-read), {Restarts} pcscd restarts
              seen cycle   median {SeenCycle.MedianMs:F1} ms  p99 {SeenCycle.P99Ms:F1} ms
              recovery     median {Recovery?.MedianMs:F1} ms  p99 {Recovery?.P99Ms:F1} ms
              sessions not ended {SessionsNotEnded}, cards unreadable {CardsUnreadable}
              fds {WarmedUp.FileDescriptors} -> {End.FileDescriptors}, threads {WarmedUp.Threads} -> {End.Threads}
            """);
    }
}
