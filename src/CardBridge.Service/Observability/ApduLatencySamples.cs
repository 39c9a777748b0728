using System.Diagnostics.Metrics;
using CardBridge.Terminal;

namespace CardBridge.Service.Observability;

/// <summary>One APDU round trip as the terminal measured it.</summary>
/// <param name="At">When it was measured.</param>
/// <param name="Reader">The reader's name.</param>
/// <param name="Instruction">The instruction byte, two hex digits.</param>
/// <param name="Milliseconds">The round trip.</param>
internal readonly record struct ApduSample(DateTimeOffset At, string Reader, string Instruction, double Milliseconds);

/// <summary>
/// Keeps the last <see cref="Capacity"/> APDU timings of the terminal's <see cref="TerminalMeter.ApduDuration"/>
/// histogram for the status page's latency chart (Prometheus gets the histogram itself). The terminal's meter is
/// process-wide, so in a process hosting several services (tests) the samples are theirs together.
/// </summary>
internal sealed class ApduLatencySamples : IDisposable
{
    public const int Capacity = 240;

    private readonly TimeProvider _time;
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Queue<ApduSample> _samples = new(Capacity);

    public ApduLatencySamples(TimeProvider time)
    {
        _time = time;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TerminalMeter.Name && instrument.Name == TerminalMeter.ApduDuration)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Add(value, tags));
        _listener.Start();
    }

    /// <summary>The kept samples, oldest first.</summary>
    public IReadOnlyList<ApduSample> Snapshot()
    {
        lock (_lock)
        {
            return [.. _samples];
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(double milliseconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string reader = "", instruction = "";
        foreach (var (key, value) in tags)
        {
            switch (key)
            {
                case "reader":
                    reader = value as string ?? "";
                    break;
                case "ins":
                    instruction = value as string ?? "";
                    break;
            }
        }
        var sample = new ApduSample(_time.GetUtcNow(), reader, instruction, milliseconds);
        lock (_lock)
        {
            if (_samples.Count == Capacity)
            {
                _samples.Dequeue();
            }
            _samples.Enqueue(sample);
        }
    }
}
