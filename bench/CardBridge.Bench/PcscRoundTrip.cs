using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using CardBridge.Pcsc;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Bench;

/// <summary>
/// Per-APDU round trip through the real pcscd + vpcd to the simulated third-generation card: CardBridge's own
/// binding (synchronous Transmit and the TransmitAsync the card channel uses) against pyscard on the same
/// card with the same APDU list. The clients take turns in several rounds so that machine noise falls on both.
/// </summary>
internal static class PcscRoundTrip
{
    public const string Name = "pcsc-apdu-roundtrip";

    private const string Reader = VirtualCardStack.Reader;
    private const int Rounds = 5;

    // SELECT SSSE (no FCI), READ RECORD EF05 records 1–7 with their exact lengths, GET CHALLENGE.
    private static readonly string[] Apdus =
    [
        "00A4040C0F7378312E73682EC9E7BBE1B1A3D5CF",
        "00B2012C12", "00B2022C03", "00B2032C06", "00B2042C0E", "00B2052C06", "00B2062C06", "00B2072C0B",
        "0084000008",
    ];

    public static async Task<Result> RunAsync(int iterations, CancellationToken cancellationToken)
    {
        await using var stack = await VirtualCardStack.StartAsync(CardProfiles.Load("third-gen"), cancellationToken);

        var commands = Apdus.Select(Convert.FromHexString).ToArray();
        var turns = new Turns(Rounds, iterations);
        var sync = new Series();
        var async = new Series();
        var pyscard = new Series();
        await turns.TakeAsync(
            new Turn(100, turns.PerRound, (count, pass) => MeasureOursAsync(commands, count, pass.Into(sync), pass.Into(async), cancellationToken)),
            new Turn(20, turns.PerRound, (count, pass) => MeasurePyscardAsync(count, pass.Into(pyscard), cancellationToken)));

        return new Result(Apdus, turns.Total, sync.Summary(), async.Summary(), pyscard.Summary());
    }

    private static async Task MeasureOursAsync(
        byte[][] commands, int iterations, Series sync, Series async, CancellationToken cancellationToken)
    {
        using var context = PcscContext.Establish();
        using var card = context.Connect(Reader, PcscShareMode.Shared, PcscProtocols.Any);
        for (var i = 0; i < iterations; i++)
        {
            foreach (var command in commands)
            {
                var start = Stopwatch.GetTimestamp();
                card.Transmit(command);
                sync.AddSince(start);
            }
            foreach (var command in commands)
            {
                var start = Stopwatch.GetTimestamp();
                await card.TransmitAsync(command, cancellationToken);
                async.AddSince(start);
            }
        }
        card.Disconnect(PcscDisposition.Leave);
    }

    private static async Task MeasurePyscardAsync(int iterations, Series samples, CancellationToken cancellationToken)
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "peers", "pyscard_transmit.py");
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--time", iterations.ToString(CultureInfo.InvariantCulture), Reader }.Concat(Apdus))
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start python3");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pyscard exited {process.ExitCode}: {error}");
        }
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            samples.Add(double.Parse(line, CultureInfo.InvariantCulture));
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CardBridge.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("CardBridge.sln not found above the benchmark");
    }

    internal sealed record Result(
        [property: JsonPropertyName("apdus")] IReadOnlyList<string> ApduList,
        [property: JsonPropertyName("iterations_per_client")] int Iterations,
        [property: JsonPropertyName("cardbridge_sync")] Samples Sync,
        [property: JsonPropertyName("cardbridge_async")] Samples Async,
        [property: JsonPropertyName("pyscard")] Samples Pyscard) : IBenchmarkResult
    {
        [JsonPropertyName("benchmark")]
        public string Benchmark { get; } = Name;

        [JsonPropertyName("what")]
        public string What { get; } = "one APDU round trip through pcscd + vpcd to the simulated third-generation card, ms";

        [JsonPropertyName("ratio_sync_to_pyscard")]
        public Ratio SyncRatio => Ratio.Of(Sync, Pyscard);

        [JsonPropertyName("ratio_async_to_pyscard")]
        public Ratio AsyncRatio => Ratio.Of(Async, Pyscard);

        [JsonPropertyName("machine")]
        public string Machine { get; } = Conditions.Machine;

        public string Describe() => string.Create(CultureInfo.InvariantCulture, $"""
            {Name}: {ApduList.Count} APDUs x {Iterations} iterations per client
              cardbridge sync   median {Sync.MedianMs:F3} ms  p99 {Sync.P99Ms:F3} ms
              cardbridge async  median {Async.MedianMs:F3} ms  p99 {Async.P99Ms:F3} ms
              pyscard           median {Pyscard.MedianMs:F3} ms  p99 {Pyscard.P99Ms:F3} ms
              ratio sync/pyscard   median {SyncRatio.Median:F2}  p99 {SyncRatio.P99:F2}
              ratio async/pyscard  median {AsyncRatio.Median:F2}  p99 {AsyncRatio.P99:F2}
            """);
    }
}
