using System.Globalization;
using CardBridge.Iso7816;

namespace CardBridge.Terminal.Tests;

/// <summary>
/// A card conversation held as data, as web-eid keeps its <c>select-certificate-script-*</c>: the exact raw commands
/// the terminal must send, in order across its channels (<c>card</c>, <c>psam</c>), each with the answer to give, plus
/// the card's ATR and the terminal's randoms. Any command other than the next step, and any command after the last,
/// is a violation: the transport fails it and <see cref="AssertCompleted"/> names it.
/// </summary>
/// <remarks>
/// File format, one item a line, <c>#</c> starts a comment: <c>atr HEX</c>, <c>random HEX</c> (in the order the
/// terminal draws them), and steps <c>CHANNEL COMMAND-HEX RESPONSE-HEX</c>.
/// </remarks>
internal sealed class ApduScript
{
    private readonly Lock _gate = new();
    private readonly List<Step> _steps;
    private int _next;

    private ApduScript(byte[] atr, Queue<byte[]> randoms, List<Step> steps)
    {
        Atr = atr;
        Random = new ScriptedRandom(randoms);
        _steps = steps;
    }

    public ReadOnlyMemory<byte> Atr { get; }

    /// <summary>The terminal's randoms, drawn in the order the script lists them.</summary>
    public ScriptedRandom Random { get; }

    public IReadOnlyList<Step> Steps => _steps;

    /// <summary>The first departure from the script; null while the terminal follows it.</summary>
    public string? Violation { get; private set; }

    public static ApduScript Load(string name)
    {
        byte[]? atr = null;
        var randoms = new Queue<byte[]>();
        var steps = new List<Step>();
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Scripts", name));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var comment = line.IndexOf('#', StringComparison.Ordinal);
            var fields = (comment < 0 ? line : line[..comment]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (fields)
            {
                case []:
                    break;
                case ["atr", var hex]:
                    atr = Convert.FromHexString(hex);
                    break;
                case ["random", var hex]:
                    randoms.Enqueue(Convert.FromHexString(hex));
                    break;
                case [var channel, var command, var response]:
                    steps.Add(new Step(steps.Count + 1, channel, Convert.FromHexString(command), Convert.FromHexString(response)));
                    break;
                default:
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{name}:{i + 1}: not a script line: {line}"));
            }
        }
        return new ApduScript(atr ?? throw new FormatException($"{name}: no atr line"), randoms, steps);
    }

    /// <summary>The transport of one channel of the conversation.</summary>
    public IApduTransport Channel(string name) => new ScriptedTransport(this, name);

    /// <summary>Fails unless the terminal sent exactly the script: nothing else, nothing missing, in order.</summary>
    public void AssertCompleted()
    {
        lock (_gate)
        {
            Assert.True(Violation is null, Violation);
            Assert.True(_next == _steps.Count, $"the terminal stopped after step {_next} of {_steps.Count}; step {_next + 1} expected {Describe(_steps[Math.Min(_next, _steps.Count - 1)])}");
        }
        Random.AssertAllDrawn();
    }

    private byte[] Answer(string channel, ReadOnlyMemory<byte> command)
    {
        lock (_gate)
        {
            if (Violation is null)
            {
                var sent = $"{channel} {Convert.ToHexString(command.Span)}";
                if (_next == _steps.Count)
                {
                    Violation = $"extra command after the last step: {sent}";
                }
                else if (_steps[_next] is var step && (step.Channel != channel || !step.Command.AsSpan().SequenceEqual(command.Span)))
                {
                    Violation = $"step {step.Number} expected {Describe(step)}, the terminal sent {sent}";
                }
                else
                {
                    _next++;
                    return step.Response;
                }
            }
            throw new InvalidOperationException($"APDU script violated: {Violation}");
        }
    }

    private static string Describe(Step step) => $"{step.Channel} {Convert.ToHexString(step.Command)}";

    /// <summary>One command of the conversation and its answer.</summary>
    public sealed record Step(int Number, string Channel, byte[] Command, byte[] Response);

    private sealed class ScriptedTransport(ApduScript script, string channel) : IApduTransport
    {
        public Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken) =>
            Task.FromResult(script.Answer(channel, command));
    }
}
