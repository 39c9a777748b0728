namespace CardBridge.Iso7816;

/// <summary>
/// A logical connection to one card. <see cref="TransmitAsync"/> returns the final answer to a command:
/// 61xx (more data) is followed by GET RESPONSE and 6Cxx (wrong Le) by a re-issue with the right Le, so the
/// caller never sees either. A channel serves one caller at a time: cards are half-duplex.
/// </summary>
public interface ICardChannel
{
    /// <summary>Sends a command and returns its complete response.</summary>
    Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken);
}
