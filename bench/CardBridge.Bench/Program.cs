using System.Globalization;

namespace CardBridge.Bench;

/// <summary>
/// <c>cardbridge-bench NAME [--iterations N] [--out FILE]</c>: end-to-end benchmarks against the real pcscd.
/// Each prints its figures and writes them as JSON under bench/results/ (see bench/README.md).
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not (PcscRoundTrip.Name or IdentityRead.Name))
        {
            await Console.Error.WriteLineAsync($"usage: cardbridge-bench {PcscRoundTrip.Name}|{IdentityRead.Name} [--iterations N] [--out FILE]");
            return 2;
        }
        var name = args[0];
        var iterations = name == IdentityRead.Name ? 500 : 2000;
        var output = Path.Combine("bench", "results", name + ".json");
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--iterations":
                    iterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    output = args[i + 1];
                    break;
                default:
                    await Console.Error.WriteLineAsync($"unknown option {args[i]}");
                    return 2;
            }
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var (description, json) = name == IdentityRead.Name
            ? await IdentityReadAsync(iterations, timeout.Token)
            : await RoundTripAsync(iterations, timeout.Token);
        await Console.Out.WriteLineAsync(description);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, json, timeout.Token);
        await Console.Out.WriteLineAsync($"written {output}");
        return 0;
    }

    private static async Task<(string Description, string Json)> RoundTripAsync(int iterations, CancellationToken cancellationToken)
    {
        var result = await PcscRoundTrip.RunAsync(iterations, cancellationToken);
        return (result.Describe(), result.ToJson());
    }

    private static async Task<(string Description, string Json)> IdentityReadAsync(int iterations, CancellationToken cancellationToken)
    {
        var result = await IdentityRead.RunAsync(iterations, cancellationToken);
        return (result.Describe(), result.ToJson());
    }
}
