using CardBridge.Iso7816;

namespace CardBridge.Cards.Tests.Transit;

/// <summary>
/// A card channel between the terminal and a simulated card that records every command, lets a test act just
/// before a command goes out (arm a fault) and alter an answer on its way back (a man in the middle).
/// </summary>
internal sealed class ObservedChannel : ICardChannel
{
    private readonly ICardChannel _inner;

    public ObservedChannel(ICardChannel inner)
    {
        _inner = inner;
    }

    public List<CommandApdu> Sent { get; } = [];

    public Action<CommandApdu>? BeforeSend { get; set; }

    public Func<CommandApdu, ResponseApdu, ResponseApdu>? Alter { get; set; }

    public async Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken)
    {
        Sent.Add(command);
        BeforeSend?.Invoke(command);
        var response = await _inner.TransmitAsync(command, cancellationToken);
        return Alter is { } alter ? alter(command, response) : response;
    }
}
