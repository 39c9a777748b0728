using System.Security.Cryptography;
using CardBridge.Cards.Authentication;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Pin;

/// <summary>
/// The holder PIN of a social security card with host PIN entry (DESIGN §8): VERIFY, the no-data probe, CHANGE PIN,
/// and reload/unblock under secure messaging. Every command buffer carrying PIN bytes is zeroed once sent.
/// </summary>
/// <param name="card">The card to work on (its SSSE selected).</param>
public sealed class CardPin(ICardChannel card)
{
    private const byte PinSeparator = 0xFF;

    private readonly ICardChannel _card = card ?? throw new ArgumentNullException(nameof(card));

    /// <summary>VERIFY with no data: the retry counter without spending a try.</summary>
    public async Task<PinStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var response = await _card.TransmitAsync(CommandApdu.Verify(), cancellationToken);
        return response.StatusWord switch
        {
            { IsNormal: true } => new PinStatus(true, null),
            { RetriesLeft: { } left } => new PinStatus(false, left),
            var blocked when blocked == StatusWord.AuthenticationBlocked => new PinStatus(false, 0),
            var other => throw new CardCommandException("VERIFY (probe)", other),
        };
    }

    /// <summary>VERIFY <c>00 20 00 00 Lc PIN</c> (BCD, F-padded).</summary>
    /// <exception cref="WrongPinException">63Cx: the PIN was wrong.</exception>
    /// <exception cref="PinBlockedException">6983, or the last try was spent.</exception>
    public async Task VerifyAsync(PinBuffer pin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pin);
        var data = new byte[pin.BcdLength];
        try
        {
            pin.WriteBcd(data);
            var response = await _card.TransmitAsync(CommandApdu.Verify(data), cancellationToken);
            PinStatusWords.ThrowIfFailed(response.StatusWord, "VERIFY");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>CHANGE PIN <c>80 5E 01 00 Lc old ‖ FF ‖ new</c>.</summary>
    /// <exception cref="WrongPinException">The current PIN was wrong.</exception>
    /// <exception cref="PinBlockedException">The PIN is blocked.</exception>
    public async Task ChangeAsync(PinBuffer current, PinBuffer replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(replacement);
        var data = new byte[current.BcdLength + 1 + replacement.BcdLength];
        try
        {
            current.WriteBcd(data);
            data[current.BcdLength] = PinSeparator;
            replacement.WriteBcd(data.AsSpan(current.BcdLength + 1));
            var response = await _card.TransmitAsync(new CommandApdu(0x80, 0x5E, 0x01, 0x00, data), cancellationToken);
            PinStatusWords.ThrowIfFailed(response.StatusWord, "CHANGE PIN");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>
    /// Reload <c>84 24 00 01 Lc newPIN ‖ MAC</c>: sets a new PIN and a full retry counter, authorised by the issuer's
    /// key through <paramref name="key"/> (see <see cref="ISecureMessagingKey"/> for the MAC scheme).
    /// </summary>
    public Task ReloadAsync(PinBuffer newPin, ISecureMessagingKey key, CardKeyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newPin);
        var data = new byte[newPin.BcdLength];
        newPin.WriteBcd(data);
        return SendSecuredAsync(0x01, data, key, context, "RELOAD PIN", cancellationToken);
    }

    /// <summary>Unblock <c>84 24 00 00 04 MAC</c>: restores the retry counter and keeps the PIN.</summary>
    public Task UnblockAsync(ISecureMessagingKey key, CardKeyContext context, CancellationToken cancellationToken) =>
        SendSecuredAsync(0x00, [], key, context, "UNBLOCK PIN", cancellationToken);

    private async Task SendSecuredAsync(byte p2, byte[] data, ISecureMessagingKey key, CardKeyContext context, string command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(context);
        var secured = new CommandApdu(0x84, 0x24, 0x00, p2, data);
        var headerAndData = SecureMessaging.MacInput(secured);
        byte[] body = [];
        try
        {
            var challenge = await CardAuthCommands.GetChallengeAsync(_card, cancellationToken);
            var mac = await key.MacAsync(context, challenge, headerAndData, cancellationToken);
            body = [.. data, .. mac];
            var response = await _card.TransmitAsync(secured with { Data = body }, cancellationToken);
            PinStatusWords.ThrowIfFailed(response.StatusWord, command);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
            CryptographicOperations.ZeroMemory(headerAndData);
            CryptographicOperations.ZeroMemory(body);
        }
    }
}
