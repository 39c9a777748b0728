using CardBridge.Iso7816;

namespace CardBridge.Cards.Tests.Identity;

/// <summary>Passes commands to a card and keeps every command as hex, optionally rewriting answers.</summary>
internal sealed class RecordingTransport(IApduTransport inner, Func<string, byte[], byte[]>? rewrite = null) : IApduTransport
{
    public List<string> Commands { get; } = [];

    public async Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        var hex = Convert.ToHexString(command.Span);
        Commands.Add(hex);
        var answer = await inner.TransmitAsync(command, cancellationToken);
        return rewrite is null ? answer : rewrite(hex, answer);
    }
}
