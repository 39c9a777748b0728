using Xunit.Abstractions;

namespace CardBridge.Pcsc.WindowsTests;

/// <summary>xunit's discovery and execution options as a plain dictionary (the runner utility's class is not shipped here).</summary>
internal sealed class FrameworkOptions : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    /// <summary>One test at a time: the integration tests share the one pcscd behind the bridge.</summary>
    public static FrameworkOptions Serial()
    {
        var options = new FrameworkOptions();
        options.SetValue("xunit.execution.DisableParallelization", true);
        options.SetValue("xunit.execution.MaxParallelThreads", 1);
        return options;
    }

    public TValue GetValue<TValue>(string name) => _values.TryGetValue(name, out var value) && value is TValue typed ? typed : default!;

    public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
}
