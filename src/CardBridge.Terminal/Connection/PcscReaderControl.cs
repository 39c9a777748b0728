using CardBridge.Cards.Pin;
using CardBridge.Pcsc;

namespace CardBridge.Terminal;

/// <summary>A PC/SC card handle's SCardControl as the Cards layer's <see cref="IReaderControl"/> (PIN pad discovery and entry).</summary>
internal sealed class PcscReaderControl(PcscCard card) : IReaderControl
{
    public uint GetFeatureRequestCode => PcscControlCodes.GetFeatureRequest;

    // SCardControl blocks for as long as the holder types on the keypad; it runs off the caller's thread.
    public Task<byte[]> ControlAsync(uint controlCode, ReadOnlyMemory<byte> input, CancellationToken cancellationToken) =>
        Task.Run(() => PcscErrors.Call(() => card.Control(controlCode, input.Span)), cancellationToken);
}
