using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.SocialSecurity;
using CardBridge.Simulation.Transport;
using CardBridge.Journal;
using CardBridge.Transit;
using CardBridge.Transit.Eligibility;
using CardBridge.Transit.Fare;
using CardBridge.Transit.Gate;

namespace CardBridge.Bench.Transit;

/// <summary>
/// The fare gate's decision in process: <see cref="TransitGate.TapAsync(CardTap, string, string, string, CancellationToken)"/>
/// with simulated cards and a simulated PSAM on in-memory transports (no pcscd), a real journal
/// (<c>synchronous=FULL</c>) and a real durable pending-purchase store in a temp directory. Each tap reports its card +
/// PSAM APDU time and the gate's own time; this writes p50/p99 of both and the ratio own/APDU, for paid rides (identity
/// read with PSAM authentication, purse purchase, journal) and free rides (identity read, journal), one gate at a time
/// and <see cref="Gates"/> gates tapping at once on one <see cref="TransitGate"/>.
/// </summary>
internal static class TransitGateDecision
{
    public const string Name = "transit-gate-decision";

    private const int Gates = 4;
    private const int Rounds = 5;

    public static async Task<Result> RunAsync(int iterations, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "cardbridge-bench-transit-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new TransitOptions
            {
                ListsPath = Path.Combine(directory, "lists.json"),
                ListKey = Convert.ToBase64String(SHA256.HashData("bench list key"u8)),
                PendingPurchasesPath = Path.Combine(directory, "pending.db"),
                // Every tap of the benchmark is a new ride.
                DoubleTapWindow = TimeSpan.Zero,
            };
            await using var journal = await OfflineJournal.OpenAsync(new JournalOptions
            {
                Path = Path.Combine(directory, "journal.db"),
                EncryptionKey = Convert.ToBase64String(SHA256.HashData("bench encryption key"u8)),
                IntegrityKey = Convert.ToBase64String(SHA256.HashData("bench integrity key"u8)),
            }, TimeProvider.System, cancellationToken);
            using var pending = await SqlitePendingPurchaseStore.OpenAsync(options.PendingPurchasesPath, cancellationToken);
            using var lists = await RiderListStore.OpenAsync(options.ListsPath, cancellationToken);
            var gate = new TransitGate(options, lists, pending, journal, TimeProvider.System, Guid.NewGuid);

            var paid = new Decisions();
            var free = new Decisions();
            var concurrent = new Decisions();
            var turns = new Turns(Rounds, iterations);
            var slots = Enumerable.Range(0, Gates).Select(i => new GateSlot($"BENCH-{i + 1:D2}", (byte)(i + 1))).ToArray();
            await turns.TakeAsync(
                new Turn(20, turns.PerRound, (count, pass) => TapAsync(gate, slots[0], slots[0].Paying, count, pass.Into(paid), cancellationToken)),
                new Turn(0, turns.PerRound, (count, pass) => TapAsync(gate, slots[0], slots[0].Elderly, count, pass.Into(free), cancellationToken)),
                new Turn(0, turns.PerRound, (count, pass) =>
                    Task.WhenAll(slots.Select(s => TapAsync(gate, s, s.Paying, count, pass.Into(concurrent), cancellationToken)))));
            return new Result(turns.Total, paid.Summary(), free.Summary(), concurrent.Summary());
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task TapAsync(
        TransitGate gate, GateSlot slot, SimulatedSocialSecurityCard card, int taps, Decisions series, CancellationToken cancellationToken)
    {
        var tap = new CardTap(new CardChannel(new SimulatedCardTransport(card)), card.Atr, slot.Psam);
        for (var i = 0; i < taps; i++)
        {
            var decision = await gate.TapAsync(tap, slot.GateId, "L1", "S01", cancellationToken);
            if (decision is not AllowedRide)
            {
                throw new InvalidOperationException($"the benchmark rider was refused: {decision}");
            }
            series.Add(decision.Latency);
        }
    }

    private sealed class GateSlot(string gateId, byte serial)
    {
        public string GateId { get; } = gateId;

        public CardChannel Psam { get; } = new(new SimulatedCardTransport(SimCard.Psam().Build()));

        // Enough purse for every paid tap of a long run.
        public SimulatedSocialSecurityCard Paying { get; } = SimCard.ThirdGen().WithCardNumber($"SIMBEN{serial:D3}")
            .WithSerial([0, 0, 0x10, serial]).WithPurse(100_000_000).Build();

        public SimulatedSocialSecurityCard Elderly { get; } = SimCard.ThirdGen().WithCardNumber($"SIMBEL{serial:D3}")
            .WithSerial([0, 0, 0x20, serial]).WithBirthDate(new DateOnly(1940, 1, 1)).WithPurse(0).Build();
    }

    /// <summary>The latencies of one kind's decisions; concurrent gates add to it at once.</summary>
    private sealed class Decisions
    {
        private readonly ConcurrentQueue<TapLatency> _latencies = new();

        public void Add(TapLatency latency) => _latencies.Enqueue(latency);

        public Kind Summary()
        {
            var all = _latencies.ToArray();
            var apdu = Samples.Of(all.Select(l => l.Apdu.TotalMilliseconds).ToArray());
            var own = Samples.Of(all.Select(l => l.Own.TotalMilliseconds).ToArray());
            var total = Samples.Of(all.Select(l => l.Total.TotalMilliseconds).ToArray());
            return new Kind(apdu, own, total, Ratio.Of(own, apdu));
        }
    }

    internal sealed record Kind(
        [property: JsonPropertyName("apdu")] Samples Apdu,
        [property: JsonPropertyName("own")] Samples Own,
        [property: JsonPropertyName("total")] Samples Total,
        [property: JsonPropertyName("ratio_own_to_apdu")] Ratio Ratio);

    internal sealed record Result(
        [property: JsonPropertyName("iterations")] int Iterations,
        [property: JsonPropertyName("paid_ride")] Kind Paid,
        [property: JsonPropertyName("free_ride")] Kind Free,
        [property: JsonPropertyName("paid_ride_4_gates_concurrently")] Kind Concurrent) : IBenchmarkResult
    {
        [JsonPropertyName("benchmark")]
        public string Benchmark { get; } = Name;

        [JsonPropertyName("what")]
        public string What { get; } =
            "TransitGate.TapAsync in process: simulated third-generation card and PSAM on in-memory transports (no pcscd), real journal (synchronous=FULL) and durable pending-purchase store; ms per decision split into card+PSAM APDU time and the gate's own time; paid = identity read with PSAM authentication + purse purchase + journal, free = identity read + journal (age rule); the concurrent kind taps 4 gates at once on one TransitGate";

        [JsonPropertyName("machine")]
        public string Machine { get; } = Conditions.Machine;

        public string Describe() => string.Create(CultureInfo.InvariantCulture, $"""
            {Name}: {Iterations} decisions per kind (per gate for the concurrent kind)
              paid    APDU p50 {Paid.Apdu.MedianMs:F3} p99 {Paid.Apdu.P99Ms:F3}  own p50 {Paid.Own.MedianMs:F3} p99 {Paid.Own.P99Ms:F3}  own/APDU p50 {Paid.Ratio.Median:F2} p99 {Paid.Ratio.P99:F2}  total p99 {Paid.Total.P99Ms:F3} ms
              free    APDU p50 {Free.Apdu.MedianMs:F3} p99 {Free.Apdu.P99Ms:F3}  own p50 {Free.Own.MedianMs:F3} p99 {Free.Own.P99Ms:F3}  own/APDU p50 {Free.Ratio.Median:F2} p99 {Free.Ratio.P99:F2}  total p99 {Free.Total.P99Ms:F3} ms
              4 gates APDU p50 {Concurrent.Apdu.MedianMs:F3} p99 {Concurrent.Apdu.P99Ms:F3}  own p50 {Concurrent.Own.MedianMs:F3} p99 {Concurrent.Own.P99Ms:F3}  own/APDU p50 {Concurrent.Ratio.Median:F2} p99 {Concurrent.Ratio.P99:F2}  total p99 {Concurrent.Total.P99Ms:F3} ms
            """);
    }
}
