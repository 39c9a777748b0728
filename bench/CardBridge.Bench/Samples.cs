using System.Text.Json.Serialization;

namespace CardBridge.Bench;

/// <summary>Summary of a set of latency samples, in milliseconds.</summary>
internal sealed record Samples(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("median_ms")] double MedianMs,
    [property: JsonPropertyName("p99_ms")] double P99Ms,
    [property: JsonPropertyName("mean_ms")] double MeanMs,
    [property: JsonPropertyName("min_ms")] double MinMs,
    [property: JsonPropertyName("max_ms")] double MaxMs)
{
    public static Samples Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            throw new ArgumentException("no samples", nameof(milliseconds));
        }
        var sorted = milliseconds.Order().ToArray();
        return new Samples(
            sorted.Length,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.99),
            sorted.Average(),
            sorted[0],
            sorted[^1]);
    }

    // Nearest-rank percentile.
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
