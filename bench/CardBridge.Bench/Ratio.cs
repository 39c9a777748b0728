using System.Text.Json.Serialization;

namespace CardBridge.Bench;

/// <summary>How one kind's latency compares with another's: the ratio of their medians and of their p99s.</summary>
internal sealed record Ratio(
    [property: JsonPropertyName("median")] double Median,
    [property: JsonPropertyName("p99")] double P99)
{
    public static Ratio Of(Samples numerator, Samples denominator) =>
        new(numerator.MedianMs / denominator.MedianMs, numerator.P99Ms / denominator.P99Ms);
}
