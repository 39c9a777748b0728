using CardBridge.Iso7816;
using CardBridge.Pcsc;

namespace CardBridge.Terminal;

/// <summary>A PC/SC card connection's transmit with its failures as the card layer's errors (<see cref="PcscErrors"/>).</summary>
internal sealed class PcscTransport(PcscCard card) : IApduTransport
{
    public Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken) =>
        PcscErrors.CallAsync(() => card.TransmitAsync(command, cancellationToken));
}
