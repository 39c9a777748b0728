using CardBridge.Iso7816;

namespace CardBridge.Terminal;

/// <summary>
/// DESIGN §3 recovery for a card another program reset (SCARD_W_RESET_CARD, as <see cref="CardResetException"/>): reconnect, re-select the
/// application last selected by name, and send the failed command again — once. A second reset in a row is the
/// caller's error. Security state (a verified PIN, an authentication) is gone after a reset, and the card says so
/// in its own status words; this only restores where the terminal was.
/// </summary>
internal sealed class ResetRecoveringTransport(IApduTransport inner, Action reconnect) : IApduTransport
{
    private const byte SelectIns = 0xA4;
    private const byte ByName = 0x04;

    private byte[]? _lastSelectByName;

    public async Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        byte[] response;
        try
        {
            response = await inner.TransmitAsync(command, cancellationToken);
        }
        catch (CardResetException)
        {
            reconnect();
            if (_lastSelectByName is { } select && !IsSelectByName(command.Span))
            {
                var reselected = await inner.TransmitAsync(select, cancellationToken);
                if (reselected.Length < 2 || reselected[^2] is not (0x90 or 0x61))
                {
                    throw new CardRemovedException("the card was reset and no longer selects its application; it was probably swapped");
                }
            }
            response = await inner.TransmitAsync(command, cancellationToken);
        }
        if (IsSelectByName(command.Span) && response.Length >= 2 && response[^2] is 0x90 or 0x61)
        {
            _lastSelectByName = command.ToArray();
        }
        return response;
    }

    private static bool IsSelectByName(ReadOnlySpan<byte> command) =>
        command.Length > 4 && command[1] == SelectIns && command[2] == ByName;
}
