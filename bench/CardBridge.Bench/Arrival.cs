using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using CardBridge.Api.V1;
using CardBridge.HardwareSim.Daemon;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.IntegrationTests;
using CardBridge.Simulation.Profiles;
using Grpc.Core;

namespace CardBridge.Bench;

/// <summary>
/// A 3.00 card's arrival as a client sees it (issue 19 item 1): from pcscd reporting the card present — seen by an
/// outside observer, a small C client waiting in SCardGetStatusChange (bench/arrival-observer.c) — to SessionReady
/// reaching a WatchEvents client of the service process, over pcscd + vpcd with the PSAM in the second reader. Both
/// times are CLOCK_MONOTONIC (the observer's clock_gettime, .NET's Stopwatch), so they compare directly.
/// </summary>
internal static class Arrival
{
    public const string Name = "arrival";

    private const string Reader = "Virtual PCD 00 00";
    private const string PsamReader = "Virtual PCD 00 01";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Arrivals before the measured ones, as the other benchmarks warm up: the service process is fresh, so its first
    // arrival compiles the whole path and the next few dozen run unoptimised code until the runtime's tiered compiler
    // has promoted the path's methods (after 30 calls, compiled in the background). A kiosk pays that once in months;
    // the figures measure the steady state, and report the cold first arrival and the warm-up apart.
    private const int WarmUpArrivals = 60;

    public static async Task<Result> RunAsync(int iterations, CancellationToken cancellationToken)
    {
        var loadBefore = Conditions.LoadAverage();
        var observerPath = Environment.GetEnvironmentVariable("CARDBRIDGE_ARRIVAL_OBSERVER")
            ?? throw new InvalidOperationException("CARDBRIDGE_ARRIVAL_OBSERVER names the built observer (bench/run.sh arrival builds it)");
        if (Stopwatch.Frequency != 1_000_000_000)
        {
            throw new InvalidOperationException("Stopwatch is not CLOCK_MONOTONIC in nanoseconds here: the observer's times would not compare");
        }
        await using var daemon = new PcscDaemon();
        await daemon.StartAsync(TimeSpan.FromSeconds(15), cancellationToken);
        await using var psam = await ServedCard.StartAsync(SimCard.Psam().Build(), VpcdBridgeOptions.SecondReaderPort, PsamReader, cancellationToken);
        await using var service = await RunningService.OnPcscAsync(PsamReader);
        using var observer = Process.Start(new ProcessStartInfo(observerPath, [Reader]) { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException("the observer did not start");
        var presence = Channel.CreateUnbounded<(string State, long At)>();
        var observed = ReadObserverAsync(observer, presence.Writer, cancellationToken);
        using var watch = service.Readers.WatchEvents(new WatchEventsRequest { Reader = Reader }, cancellationToken: cancellationToken);
        var ready = Channel.CreateUnbounded<long>();
        var pumped = PumpAsync(watch.ResponseStream, ready.Writer, cancellationToken);
        await UntilAsync(presence.Reader, p => p.State == "empty", cancellationToken);

        var bridge = new VpcdCardBridge(SimCard.ThirdGen().Build(), new VpcdBridgeOptions { Port = VpcdBridgeOptions.FirstReaderPort });
        await using (bridge)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var running = bridge.RunAsync(stop.Token);
            var warmUp = new Series();
            for (var i = 0; i < WarmUpArrivals; i++)
            {
                warmUp.Add(await ArriveAndLeaveAsync(bridge, presence.Reader, ready.Reader, cancellationToken));
            }
            var series = new Series();
            for (var i = 0; i < iterations; i++)
            {
                series.Add(await ArriveAndLeaveAsync(bridge, presence.Reader, ready.Reader, cancellationToken));
            }
            await stop.CancelAsync();
            await running;
            observer.Kill();
            watch.Dispose();
            await Task.WhenAll(observed, pumped);
            return new Result(iterations, series.Summary(), WarmUpArrivals, warmUp.Samples[0], warmUp.Summary(), loadBefore, Conditions.LoadAverage());
        }
    }

    // One arrival: the card in, pcscd's presence event at the observer, SessionReady at the client; the card out.
    private static async Task<double> ArriveAndLeaveAsync(
        VpcdCardBridge bridge, ChannelReader<(string State, long At)> presence, ChannelReader<long> ready, CancellationToken cancellationToken)
    {
        bridge.Insert();
        var present = await UntilAsync(presence, p => p.State == "present", cancellationToken);
        var sessionReady = await UntilAsync(ready, _ => true, cancellationToken);
        bridge.Remove();
        await UntilAsync(presence, p => p.State == "empty", cancellationToken);
        return Stopwatch.GetElapsedTime(present.At, sessionReady).TotalMilliseconds;
    }

    private static async Task ReadObserverAsync(Process observer, ChannelWriter<(string, long)> presence, CancellationToken cancellationToken)
    {
        while (await observer.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            var parts = line.Split(' ');
            await presence.WriteAsync((parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture)), cancellationToken);
        }
        presence.TryComplete();
    }

    // The time each SessionReady reached this client, as a Stopwatch timestamp.
    private static async Task PumpAsync(IAsyncStreamReader<ReaderEvent> events, ChannelWriter<long> ready, CancellationToken cancellationToken)
    {
        try
        {
            while (await events.MoveNext(cancellationToken))
            {
                if (events.Current.EventCase == ReaderEvent.EventOneofCase.SessionReady)
                {
                    await ready.WriteAsync(Stopwatch.GetTimestamp(), cancellationToken);
                }
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            // The bench ends the watch.
        }
        ready.TryComplete();
    }

    private static async Task<T> UntilAsync<T>(ChannelReader<T> reader, Func<T, bool> match, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Patience);
        while (true)
        {
            var next = await reader.ReadAsync(deadline.Token);
            if (match(next))
            {
                return next;
            }
        }
    }

    internal sealed record Result(
        [property: JsonPropertyName("iterations")] int Iterations,
        [property: JsonPropertyName("present_to_session_ready")] Samples PresentToSessionReady,
        [property: JsonPropertyName("warm_up_arrivals")] int WarmUpArrivals,
        [property: JsonPropertyName("first_arrival_ms")] double FirstArrivalMs,
        [property: JsonPropertyName("warm_up")] Samples WarmUp,
        [property: JsonPropertyName("load_average_before")] string LoadBefore,
        [property: JsonPropertyName("load_average_after")] string LoadAfter) : IBenchmarkResult
    {
        [JsonPropertyName("benchmark")]
        public string Benchmark { get; } = Name;

        [JsonPropertyName("what")]
        public string What { get; } =
            "a 3.00 card's arrival over pcscd + vpcd (PSAM in the second reader), ms from pcscd reporting it present (a C client in SCardGetStatusChange) to SessionReady reaching a WatchEvents client of the service process; measured after warm_up_arrivals (the first of them, the fresh process's cold one, and the whole warm-up reported apart)";

        [JsonPropertyName("machine")]
        public string Machine { get; } = Conditions.Machine;

        public string Describe() => string.Create(CultureInfo.InvariantCulture, $"""
            {Name}: {Iterations} arrivals of a 3.00 card
              present -> SessionReady  median {PresentToSessionReady.MedianMs:F2} ms  p99 {PresentToSessionReady.P99Ms:F2} ms
              warm-up ({WarmUpArrivals} arrivals before)  first {FirstArrivalMs:F2} ms  median {WarmUp.MedianMs:F2} ms  p99 {WarmUp.P99Ms:F2} ms
              load average before {LoadBefore}, after {LoadAfter}
            """);
    }
}
