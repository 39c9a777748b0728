using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using CardBridge.Api.V1;
using CardBridge.Service.Api;
using CardBridge.Service.Configuration;
using CardBridge.Service.Security;
using Google.Protobuf;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CardBridge.Bench;

/// <summary>
/// IdentityService.ReadCard from a pre-read session, the real service in-process in simulator mode with a real
/// gRPC channel on loopback. Latency: one client, ReadCard side by side with the same work done in-process
/// (<c>CardTerminal.GetSession</c> + <see cref="IdentityMapper"/>, no network) and with a grpc.health.v1 Check
/// (the floor of the transport), plus VerifyPin, which goes to the card, for contrast; the four take turns in
/// several rounds so that machine noise falls on all. Throughput: services with 1, 4 and 16 readers (a
/// third-generation card in each) and as many concurrent clients, each on its own connection reading its own
/// reader's session by id for a fixed time, then the same clients on the same connections calling the health Check
/// for as long (the floor of the transport at that concurrency); the steps take turns in several repeats and each
/// figure is the median of the repeats. Everything is measured in the steady state, after a warm-up (see <see cref="WarmUpStep"/>).
/// </summary>
internal static class GrpcReadCard
{
    public const string Name = "grpc-read-card";

    private const int Rounds = 20;

    // Calls of each kind right before its latency is measured (after the whole warm-up, see WarmUpStep).
    private const int WarmUpCalls = 500;

    private static readonly int[] ReaderSteps = [1, 4, 16];

    // Warm-up before anything is measured: each throughput step runs this long, then one whole latency pass is
    // run and discarded. On the noisy 2-core machine the JIT's tiering (call counting, instrumented code, then
    // optimised code) takes tens of thousands of calls to settle on both sides of the channel; measured before
    // that, ReadCard and the health Check both came out three to four times slower than in the steady state.
    private static readonly TimeSpan WarmUpStep = TimeSpan.FromSeconds(2);

    public static async Task<Result> RunAsync(int iterations, TimeSpan stepDuration, int repeats, CancellationToken cancellationToken)
    {
        var loadBefore = Conditions.LoadAverage();
        var services = new List<InProcessService>();
        var clients = new List<Client[]>();
        try
        {
            foreach (var readers in ReaderSteps)
            {
                var service = await InProcessService.StartSimulatedAsync(readers, settings: null, cancellationToken);
                services.Add(service);
                clients.Add([.. service.Sessions.Select(s => new Client(service.NewChannel(), s.Id))]);
            }
            foreach (var step in clients)
            {
                await RunStepAsync(step, ReadCardCall, WarmUpStep, cancellationToken);
                await RunStepAsync(step, HealthCall, WarmUpStep, cancellationToken);
            }
            await MeasureLatencyAsync(services[0], iterations, cancellationToken);
            var latency = await MeasureLatencyAsync(services[0], iterations, cancellationToken);
            var throughput = await MeasureThroughputAsync(clients, stepDuration, repeats, cancellationToken);
            return new Result(latency.Iterations, latency.ReadCard, latency.InProcess, latency.Health, latency.VerifyPin,
                latency.ResponseBytes, throughput, loadBefore, Conditions.LoadAverage());
        }
        finally
        {
            foreach (var client in clients.SelectMany(c => c))
            {
                client.Channel.Dispose();
            }
            foreach (var service in services)
            {
                await service.DisposeAsync();
            }
        }
    }

    private static async Task<Latency> MeasureLatencyAsync(InProcessService service, int iterations, CancellationToken cancellationToken)
    {
        var session = service.Sessions[0];
        var mapper = service.Services.GetRequiredService<IdentityMapper>();
        var localScopes = service.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.LocalScopes;
        // The caller the loopback listener recognises without credentials (simulator settings' LocalScopes).
        var caller = new Caller(Caller.LocalClientId, new HashSet<string>(localScopes, StringComparer.Ordinal), "loopback");
        var terminal = service.Terminal;

        using var channel = service.NewChannel();
        var identity = new IdentityService.IdentityServiceClient(channel);
        var health = new Health.HealthClient(channel);
        var target = new CardTarget { SessionId = session.Id.ToString() };
        var read = new ReadCardRequest { Target = target, Purpose = InProcessService.Purpose };
        var verify = new VerifyPinRequest { Target = target, Purpose = InProcessService.Purpose, Pin = InProcessService.SimulatedCardPin };
        var check = new HealthCheckRequest();

        var first = await identity.ReadCardAsync(read, cancellationToken: cancellationToken);
        if (first.Identity.Holder is not { Name.Length: > 0 } || first.Identity.Card.Kind != CardKind.ThirdGeneration)
        {
            throw new InvalidOperationException("ReadCard did not return the third-generation card's full identity");
        }
        var status = await health.CheckAsync(check, cancellationToken: cancellationToken);
        if (status.Status != HealthCheckResponse.Types.ServingStatus.Serving)
        {
            throw new InvalidOperationException($"the service reports {status.Status}");
        }

        var turns = new Turns(Rounds, iterations);
        var verifyPerRound = Math.Max(1, turns.PerRound / 10);
        var inProcess = new Series();
        var grpc = new Series();
        var floor = new Series();
        var pin = new Series();
        await turns.TakeAsync(
            new Turn(WarmUpCalls, turns.PerRound, (count, pass) =>
            {
                pass.Into(inProcess).Time(count, () => mapper.ToIdentity(terminal.GetSession(session.Id), caller, allowExpired: false));
                return Task.CompletedTask;
            }),
            new Turn(WarmUpCalls, turns.PerRound, (count, pass) =>
                pass.Into(grpc).TimeAsync(count, () => identity.ReadCardAsync(read, cancellationToken: cancellationToken).ResponseAsync)),
            new Turn(WarmUpCalls, turns.PerRound, (count, pass) =>
                pass.Into(floor).TimeAsync(count, () => health.CheckAsync(check, cancellationToken: cancellationToken).ResponseAsync)),
            new Turn(WarmUpCalls / 10, verifyPerRound, (count, pass) =>
                pass.Into(pin).TimeAsync(count, () => identity.VerifyPinAsync(verify, cancellationToken: cancellationToken).ResponseAsync)));
        return new Latency(turns.Total, grpc.Summary(), inProcess.Summary(), floor.Summary(), pin.Summary(), first.CalculateSize());
    }

    /// <summary>
    /// The steps take turns, repeat after repeat, so that a burst of load falls on each alike; within a step ReadCard
    /// and the health Check take turns on the same connections.
    /// </summary>
    private static async Task<Throughput> MeasureThroughputAsync(
        List<Client[]> clients, TimeSpan duration, int repeats, CancellationToken cancellationToken)
    {
        var runs = clients.Select(_ => new List<StepRun>()).ToList();
        var healthRuns = clients.Select(_ => new List<StepRun>()).ToList();
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            for (var step = 0; step < clients.Count; step++)
            {
                runs[step].Add(await RunStepAsync(clients[step], ReadCardCall, duration, cancellationToken));
                healthRuns[step].Add(await RunStepAsync(clients[step], HealthCall, duration, cancellationToken));
            }
        }
        var baseline = MedianOf(runs[0].Select(r => r.CallsPerSecond));
        var steps = runs.Select((r, i) => new Step(
                clients[i].Length,
                clients[i].Length,
                MedianOf(r.Select(x => x.CallsPerSecond)),
                MedianOf(r.Select(x => x.MedianMs)),
                MedianOf(r.Select(x => x.P99Ms)),
                MedianOf(r.Select(x => x.CallsPerSecond)) / baseline,
                r,
                MedianOf(healthRuns[i].Select(x => x.CallsPerSecond)),
                MedianOf(healthRuns[i].Select(x => x.MedianMs)),
                MedianOf(healthRuns[i].Select(x => x.P99Ms)),
                healthRuns[i]))
            .ToList();
        return new Throughput(duration.TotalSeconds, repeats, steps);
    }

    // One client's call of each kind the throughput steps time, on the client's own connection.
    private static Func<Task> ReadCardCall(Client client, CancellationToken cancellationToken)
    {
        var identity = new IdentityService.IdentityServiceClient(client.Channel);
        var request = new ReadCardRequest { Target = new CardTarget { SessionId = client.SessionId.ToString() }, Purpose = InProcessService.Purpose };
        return () => identity.ReadCardAsync(request, cancellationToken: cancellationToken).ResponseAsync;
    }

    private static Func<Task> HealthCall(Client client, CancellationToken cancellationToken)
    {
        var health = new Health.HealthClient(client.Channel);
        var check = new HealthCheckRequest();
        return () => health.CheckAsync(check, cancellationToken: cancellationToken).ResponseAsync;
    }

    /// <summary>Every client makes its call back to back from the same instant until <paramref name="duration"/> has passed.</summary>
    private static async Task<StepRun> RunStepAsync(
        Client[] clients, Func<Client, CancellationToken, Func<Task>> callOf, TimeSpan duration, CancellationToken cancellationToken)
    {
        var gate = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = clients.Select(client => Task.Run(async () =>
        {
            var call = callOf(client, cancellationToken);
            var samples = new Series();
            var end = await gate.Task;
            while (Stopwatch.GetTimestamp() < end)
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                samples.AddSince(start);
            }
            return samples;
        }, cancellationToken)).ToArray();
        var started = Stopwatch.GetTimestamp();
        gate.SetResult(started + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        var perClient = await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var latency = Samples.Of([.. perClient.SelectMany(s => s.Samples)]);
        return new StepRun(latency.Count, seconds, latency.Count / seconds, latency.MedianMs, latency.P99Ms);
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private sealed record Client(GrpcChannel Channel, Guid SessionId);

    private sealed record Latency(int Iterations, Samples ReadCard, Samples InProcess, Samples Health, Samples VerifyPin, int ResponseBytes);

    internal sealed record StepRun(
        [property: JsonPropertyName("calls")] int Calls,
        [property: JsonPropertyName("seconds")] double Seconds,
        [property: JsonPropertyName("calls_per_s")] double CallsPerSecond,
        [property: JsonPropertyName("median_ms")] double MedianMs,
        [property: JsonPropertyName("p99_ms")] double P99Ms);

    /// <summary>One step: its figures (ReadCard's, then the health Check's on the same connections) are the medians of its repeats.</summary>
    internal sealed record Step(
        [property: JsonPropertyName("readers")] int Readers,
        [property: JsonPropertyName("clients")] int Clients,
        [property: JsonPropertyName("calls_per_s")] double CallsPerSecond,
        [property: JsonPropertyName("median_ms")] double MedianMs,
        [property: JsonPropertyName("p99_ms")] double P99Ms,
        [property: JsonPropertyName("ratio_calls_per_s_to_1_reader")] double Scaling,
        [property: JsonPropertyName("repeats")] IReadOnlyList<StepRun> Repeats,
        [property: JsonPropertyName("health_calls_per_s")] double HealthCallsPerSecond,
        [property: JsonPropertyName("health_median_ms")] double HealthMedianMs,
        [property: JsonPropertyName("health_p99_ms")] double HealthP99Ms,
        [property: JsonPropertyName("health_repeats")] IReadOnlyList<StepRun> HealthRepeats)
    {
        [JsonPropertyName("ratio_calls_per_s_to_health")]
        public double HealthRatio => CallsPerSecond / HealthCallsPerSecond;
    }

    internal sealed record Throughput(
        [property: JsonPropertyName("seconds_per_step")] double SecondsPerStep,
        [property: JsonPropertyName("repeats")] int Repeats,
        [property: JsonPropertyName("steps")] IReadOnlyList<Step> Steps);

    internal sealed record Result(
        [property: JsonPropertyName("iterations_per_client")] int Iterations,
        [property: JsonPropertyName("read_card_grpc")] Samples ReadCard,
        [property: JsonPropertyName("in_process_session_and_mapper")] Samples InProcess,
        [property: JsonPropertyName("health_check_grpc")] Samples Health,
        [property: JsonPropertyName("verify_pin_grpc")] Samples VerifyPin,
        [property: JsonPropertyName("read_card_response_bytes")] int ResponseBytes,
        [property: JsonPropertyName("throughput")] Throughput Throughput,
        [property: JsonPropertyName("load_average_before")] string LoadBefore,
        [property: JsonPropertyName("load_average_after")] string LoadAfter) : IBenchmarkResult
    {
        [JsonPropertyName("benchmark")]
        public string Benchmark { get; } = Name;

        [JsonPropertyName("what")]
        public string What { get; } =
            "IdentityService.ReadCard of a pre-read third-generation card session, the real service in-process in simulator mode (audit + log files on) over a gRPC loopback channel, ms per call: " +
            "vs the same lookup + IdentityMapper in-process (no network) and vs a grpc.health.v1 Check (the transport floor), VerifyPin (SELECT + VERIFY through the simulated card) for contrast; " +
            "throughput: N readers, N concurrent clients (one connection each, own session), ReadCard and then the health Check on the same connections, each figure the median of the repeats; all after a warm-up that lets the JIT settle";

        [JsonPropertyName("ratio_read_card_to_health")]
        public Ratio HealthRatio => Ratio.Of(ReadCard, Health);

        [JsonPropertyName("ratio_read_card_to_in_process")]
        public Ratio InProcessRatio => Ratio.Of(ReadCard, InProcess);

        [JsonPropertyName("ratio_verify_pin_to_read_card")]
        public Ratio VerifyRatio => Ratio.Of(VerifyPin, ReadCard);

        [JsonPropertyName("machine")]
        public string Machine { get; } = Conditions.Machine;

        [JsonPropertyName("gc")]
        public string Gc { get; } = Conditions.Gc;

        public string Describe()
        {
            var lines = new List<string>
            {
                string.Create(CultureInfo.InvariantCulture, $"{Name}: {Iterations} calls per kind, one client ({ResponseBytes} B response)"),
                Line("ReadCard gRPC      ", ReadCard),
                Line("in-process         ", InProcess),
                Line("health Check gRPC  ", Health),
                Line("VerifyPin gRPC     ", VerifyPin),
                string.Create(CultureInfo.InvariantCulture, $"  ratio ReadCard/health      median {HealthRatio.Median:F2}  p99 {HealthRatio.P99:F2}"),
                string.Create(CultureInfo.InvariantCulture, $"  ratio ReadCard/in-process  median {InProcessRatio.Median:F1}  p99 {InProcessRatio.P99:F1}"),
            };
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  throughput, {Throughput.SecondsPerStep:0.#} s per step, median of {Throughput.Repeats} repeats:"));
            lines.AddRange(Throughput.Steps.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"    {s.Readers,2} readers/clients  {s.CallsPerSecond,8:F0} calls/s  x{s.Scaling:F2}  median {s.MedianMs:F3} ms  p99 {s.P99Ms:F3} ms" +
                $"  | health {s.HealthCallsPerSecond,8:F0} calls/s  median {s.HealthMedianMs:F3} ms  p99 {s.HealthP99Ms:F3} ms  | ReadCard/health {s.HealthRatio:F2}")));
            lines.Add($"  {Gc} GC; load average before {LoadBefore}, after {LoadAfter}");
            return string.Join('\n', lines);
        }

        private static string Line(string label, Samples samples) => string.Create(CultureInfo.InvariantCulture,
            $"  {label} median {samples.MedianMs:F4} ms  p99 {samples.P99Ms:F4} ms  mean {samples.MeanMs:F4} ms");
    }
}
