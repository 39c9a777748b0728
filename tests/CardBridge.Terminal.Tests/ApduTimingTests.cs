using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Terminal.Tests;

public sealed class ApduTimingTests
{
    [Fact]
    public async Task Every_APDU_of_a_pre_read_is_timed_by_reader_and_instruction()
    {
        var reader = "Timed " + Guid.NewGuid().ToString("N");
        var measurements = new ConcurrentQueue<(double Ms, string Reader, string Ins, string Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TimedTransport.MeterName && instrument.Name == TimedTransport.HistogramName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) =>
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }
            if ((string?)map["reader"] == reader)
            {
                measurements.Enqueue((value, reader, (string)map["ins"]!, (string)map["outcome"]!));
            }
        });
        listener.Start();

        await using var rig = TerminalRig.Start(null, reader);
        await rig.InsertAsync(reader, SimCard.SecondGen().Build());

        Assert.Equal(rig.Connector.Transmits, measurements.Count);
        Assert.Contains(measurements, m => m.Ins == "A4" && m.Outcome == "ok");
        Assert.Contains(measurements, m => m.Ins == "B2" && m.Outcome == "ok");
        Assert.All(measurements, m => Assert.True(m.Ms >= 0));
    }
}
