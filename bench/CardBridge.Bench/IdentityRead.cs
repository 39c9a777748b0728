using System.Globalization;
using System.Text.Json.Serialization;
using CardBridge.Cards.Identity;
using CardBridge.Iso7816;
using CardBridge.Pcsc;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Bench;

/// <summary>
/// A full identity read (EF05 + EF06, no authentication) of the simulated second-generation card through the real
/// pcscd + vpcd with <see cref="IdentityReader"/>, against the very APDU list that read sends, transmitted raw with
/// <see cref="PcscCard.Transmit"/>: the difference is what the card layer (channel, parsing, validation) costs.
/// The two take turns in several rounds so that machine noise falls on both.
/// </summary>
internal static class IdentityRead
{
    public const string Name = "identity-read";

    private const string Reader = VirtualCardStack.Reader;
    private const int Rounds = 5;

    public static async Task<Result> RunAsync(int iterations, CancellationToken cancellationToken)
    {
        await using var stack = await VirtualCardStack.StartAsync(SimCard.SecondGen().Build(), cancellationToken);

        using var context = PcscContext.Establish();
        using var card = context.Connect(Reader, PcscShareMode.Shared, PcscProtocols.Any);
        var atr = card.Status().Atr;
        var recording = new RecordingTransport(card);
        var reader = new IdentityReader(null, TimeProvider.System);
        var first = await reader.ReadAsync(new CardChannel(recording), atr, cancellationToken);
        if (first.Holder is null)
        {
            throw new InvalidOperationException("the second-generation card's holder was not read");
        }
        var apdus = recording.Commands.ToArray();
        var channel = new CardChannel(card);

        var turns = new Turns(Rounds, iterations);
        var identity = new Series();
        var raw = new Series();
        await turns.TakeAsync(
            new Turn(50, turns.PerRound, (count, pass) => pass.Into(identity).TimeAsync(count, () => reader.ReadAsync(channel, atr, cancellationToken))),
            new Turn(50, turns.PerRound, (count, pass) =>
            {
                pass.Into(raw).Time(count, () =>
                {
                    foreach (var apdu in apdus)
                    {
                        card.Transmit(apdu);
                    }
                });
                return Task.CompletedTask;
            }));
        card.Disconnect(PcscDisposition.Leave);

        return new Result(apdus.Select(Convert.ToHexString).ToList(), turns.Total, identity.Summary(), raw.Summary());
    }

    private sealed class RecordingTransport(IApduTransport inner) : IApduTransport
    {
        public List<byte[]> Commands { get; } = [];

        public Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
        {
            Commands.Add(command.ToArray());
            return inner.TransmitAsync(command, cancellationToken);
        }
    }

    internal sealed record Result(
        [property: JsonPropertyName("apdus")] IReadOnlyList<string> ApduList,
        [property: JsonPropertyName("iterations_per_client")] int Iterations,
        [property: JsonPropertyName("identity_reader")] Samples Identity,
        [property: JsonPropertyName("raw_transmit")] Samples Raw) : IBenchmarkResult
    {
        [JsonPropertyName("benchmark")]
        public string Benchmark { get; } = Name;

        [JsonPropertyName("what")]
        public string What { get; } =
            "full identity read (EF05 + EF06, no authentication) of the simulated second-generation card through pcscd + vpcd, ms per read: IdentityReader vs the same APDU list sent raw with PcscCard.Transmit";

        [JsonPropertyName("apdu_count")]
        public int ApduCount => ApduList.Count;

        [JsonPropertyName("ratio_identity_to_raw")]
        public Ratio Ratio => Ratio.Of(Identity, Raw);

        [JsonPropertyName("machine")]
        public string Machine { get; } = Conditions.Machine;

        public string Describe() => string.Create(CultureInfo.InvariantCulture, $"""
            {Name}: {ApduCount} APDUs per read x {Iterations} reads per client
              IdentityReader   median {Identity.MedianMs:F3} ms  p99 {Identity.P99Ms:F3} ms
              raw Transmit     median {Raw.MedianMs:F3} ms  p99 {Raw.P99Ms:F3} ms
              ratio identity/raw  median {Ratio.Median:F2}  p99 {Ratio.P99:F2}
            """);
    }
}
