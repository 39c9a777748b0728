namespace CardBridge.Iso7816;

/// <summary>
/// Sends raw command bytes to one card and returns the raw response bytes (data ‖ SW1 SW2). Implemented by
/// the PC/SC card connection and by the simulated card; <see cref="CardChannel"/> adds the ISO 7816 rules.
/// Implementations throw <see cref="CardRemovedException"/> when the card is gone and
/// <see cref="CardMuteException"/> when it does not answer.
/// </summary>
public interface IApduTransport
{
    /// <summary>Transmits one command APDU and returns the card's raw answer.</summary>
    Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken);
}
