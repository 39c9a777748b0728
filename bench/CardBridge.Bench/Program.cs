using System.Globalization;
using System.Text.Json;

namespace CardBridge.Bench;

/// <summary>
/// <c>bench/run.sh NAME [--iterations N] [--seconds S] [--repeats R] [--out FILE]</c>: end-to-end benchmarks
/// against the real pcscd, or against the real service in-process (<c>grpc-read-card</c>; <c>--seconds</c> and
/// <c>--repeats</c> shape its throughput steps; <c>web-read-card</c>: ReadCard through the JSON face and
/// gRPC-Web against native gRPC, <c>--iterations</c> of each; <c>settlement-throughput</c>: the journal alone and SettlementService.Settle
/// online and offline, <c>--iterations</c> of each; <c>transit-tap</c>: the fare gate's decision over pcscd + vpcd, in process and
/// 4 gates at once, <c>--iterations</c> Tap calls per kind; <c>soak</c>: <c>--iterations</c> card cycles, 10,000 by default, and a
/// pcscd restart per 100, against the service process over pcscd + vpcd; <c>arrival</c>: <c>--iterations</c> arrivals of a 3.00
/// card, from pcscd's presence event seen by an outside C client to SessionReady at a client of the service process;
/// <c>settle-reader-hold</c>: what an online Settle holding its reader across the centre's round trip costs other calls, <c>--iterations</c> of each kind). Each prints its figures and writes them as JSON under bench/results/.
/// </summary>
internal static class Program
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not (PcscRoundTrip.Name or IdentityRead.Name or GrpcReadCard.Name or WebReadCard.Name or SettlementThroughput.Name or Transit.TransitGateDecision.Name or TransitTap.Name or Soak.Name or Arrival.Name or SettleReaderHold.Name))
        {
            await Console.Error.WriteLineAsync(
                $"usage: bench/run.sh {PcscRoundTrip.Name}|{IdentityRead.Name}|{GrpcReadCard.Name}|{WebReadCard.Name}|{SettlementThroughput.Name}|{Transit.TransitGateDecision.Name}|{TransitTap.Name}|{Soak.Name}|{Arrival.Name}|{SettleReaderHold.Name} [--iterations N] [--seconds S] [--repeats R] [--out FILE]");
            return 2;
        }
        var name = args[0];
        var iterations = name switch
        {
            IdentityRead.Name => 500,
            GrpcReadCard.Name => 5000,
            WebReadCard.Name => 5000,
            SettlementThroughput.Name => 1000,
            TransitTap.Name => 500,
            Soak.Name => 10_000,
            Arrival.Name => 200,
            SettleReaderHold.Name => 400,
            _ => 2000,
        };
        var seconds = 3.0;
        var repeats = 5;
        var output = Path.Combine("bench", "results", name + ".json");
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--iterations":
                    iterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--seconds":
                    seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--repeats":
                    repeats = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    output = args[i + 1];
                    break;
                default:
                    await Console.Error.WriteLineAsync($"unknown option {args[i]}");
                    return 2;
            }
        }
        // The long soak takes about 2.3 hours (pcscd polls vpcd every 400 ms); every other benchmark minutes.
        using var timeout = new CancellationTokenSource(name == Soak.Name ? TimeSpan.FromHours(12) : TimeSpan.FromMinutes(10));
        IBenchmarkResult result = name switch
        {
            IdentityRead.Name => await IdentityRead.RunAsync(iterations, timeout.Token),
            GrpcReadCard.Name => await GrpcReadCard.RunAsync(iterations, TimeSpan.FromSeconds(seconds), repeats, timeout.Token),
            WebReadCard.Name => await WebReadCard.RunAsync(iterations, timeout.Token),
            SettlementThroughput.Name => await SettlementThroughput.RunAsync(iterations, timeout.Token),
            Transit.TransitGateDecision.Name => await Transit.TransitGateDecision.RunAsync(iterations, timeout.Token),
            TransitTap.Name => await TransitTap.RunAsync(iterations, timeout.Token),
            Soak.Name => await Soak.RunAsync(iterations, timeout.Token),
            Arrival.Name => await Arrival.RunAsync(iterations, timeout.Token),
            SettleReaderHold.Name => await SettleReaderHold.RunAsync(iterations, timeout.Token),
            _ => await PcscRoundTrip.RunAsync(iterations, timeout.Token),
        };
        await Console.Out.WriteLineAsync(result.Describe());
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, result.GetType(), Indented) + "\n", timeout.Token);
        await Console.Out.WriteLineAsync($"written {output}");
        return 0;
    }
}
