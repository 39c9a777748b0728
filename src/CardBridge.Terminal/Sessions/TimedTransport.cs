using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using CardBridge.Iso7816;

namespace CardBridge.Terminal;

/// <summary>
/// Times every APDU to a reader's card (DESIGN §3): histogram <c>cardbridge.apdu.duration</c> in milliseconds,
/// tagged with the reader, the instruction byte and the outcome, on the <c>CardBridge.Terminal</c> meter.
/// </summary>
internal sealed class TimedTransport(IApduTransport inner, string reader) : IApduTransport
{
    public const string MeterName = TerminalMeter.Name;
    public const string HistogramName = TerminalMeter.ApduDuration;

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        HistogramName, unit: "ms", description: "Round trip of one APDU to a card, by reader and instruction");

    private static readonly string[] InstructionNames = [.. Enumerable.Range(0, 256).Select(i => i.ToString("X2", CultureInfo.InvariantCulture))];

    public async Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var response = await inner.TransmitAsync(command, cancellationToken);
            outcome = "ok";
            return response;
        }
        catch (CardRemovedException)
        {
            outcome = "removed";
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new KeyValuePair<string, object?>("reader", reader),
                new KeyValuePair<string, object?>("ins", command.Length > 1 ? InstructionNames[command.Span[1]] : "--"),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
