using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CardBridge.Terminal;

/// <summary>
/// Times the steps of a card's arrival (issue 19: where the time between "present" and SessionReady goes): histogram
/// <c>cardbridge.arrival.duration</c> in milliseconds on the <c>CardBridge.Terminal</c> meter, tagged <c>step</c> —
/// <c>queue</c> (the monitor's report to the reader's worker starting), <c>connect</c>, <c>pre_read</c> (recognition,
/// identity and authentication), <c>publish</c> (the session to SessionReady sent to subscribers) and <c>total</c>.
/// </summary>
internal static class ArrivalTiming
{
    private static readonly Meter Meter = new(TerminalMeter.Name);
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        TerminalMeter.ArrivalDuration, unit: "ms", description: "Steps of a card's arrival, from the monitor's report to SessionReady, by step");

    /// <summary>Records <paramref name="step"/> as the time from <paramref name="from"/> to now (Stopwatch timestamps); returns now.</summary>
    public static long Record(string step, long from)
    {
        var now = Stopwatch.GetTimestamp();
        if (Duration.Enabled)
        {
            Duration.Record(Stopwatch.GetElapsedTime(from, now).TotalMilliseconds, new KeyValuePair<string, object?>("step", step));
        }
        return now;
    }
}
