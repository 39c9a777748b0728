namespace CardBridge.Bench;

/// <summary>A benchmark's figures: serialised as they are to bench/results/NAME.json, and summed up for the console.</summary>
internal interface IBenchmarkResult
{
    string Describe();
}
