using CardBridge.Cards.Authentication;
using CardBridge.Crypto;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Medical;

/// <summary>
/// <see cref="ISecureMessagingMac"/> over a PSAM in a second reader slot: SELECT the environment of the card's
/// algorithm ("sx1" for 3DES, "sx2" for SM4), INIT FOR DESCRYPT <c>80 1A usage index</c> with the card's two
/// diversification factors and the challenge as a third (the PSAM's working key then is the session key), and
/// MAC CALCULATION <c>80 FA 05 00</c> over the command. Three APDUs to the PSAM per MAC.
/// </summary>
/// <param name="psam">The PSAM's channel.</param>
/// <param name="usage">The usage code the PSAM stores its UK2DF04 master key under.</param>
/// <param name="keyIndex">The index the PSAM stores its UK2DF04 master key at.</param>
public sealed class PsamSecureMessagingMac(ICardChannel psam, byte usage = PsamSecureMessagingMac.DefaultUsage, byte keyIndex = 0x01) : ISecureMessagingMac
{
    /// <summary>The PSAM key usage code of UK2DF04 in the simulator's issuer key file.</summary>
    public const byte DefaultUsage = 0x42;

    private readonly ICardChannel _psam = psam ?? throw new ArgumentNullException(nameof(psam));

    /// <inheritdoc />
    public async Task<ReadOnlyMemory<byte>> ComputeAsync(
        CardKeyContext card, ReadOnlyMemory<byte> challenge, ReadOnlyMemory<byte> macInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (challenge.Length != KeyDiversification.FactorLength)
        {
            throw new ArgumentException($"the challenge has {KeyDiversification.FactorLength} bytes", nameof(challenge));
        }
        var environment = PsamEnvironments.Of(card.Algorithm)
            ?? throw new AuthenticationUnavailableException($"the PSAM has no environment for {card.Algorithm}");
        var select = await _psam.TransmitAsync(CommandApdu.SelectByName(environment), cancellationToken);
        if (!select.StatusWord.IsNormal)
        {
            throw new AuthenticationUnavailableException($"PSAM environment for {card.Algorithm}: {select.StatusWord}");
        }
        byte[] factors = [.. CardKeyFactors.For(card.CardIdentificationCode.Span), .. challenge.Span];
        if (await CardCommand.SendOrNullAsync(_psam, PsamCommands.InitForDescrypt(usage, keyIndex, factors), StatusWord.KeyIndexNotSupported,
                "PSAM INIT FOR DESCRYPT UK2DF04", cancellationToken) is null)
        {
            throw new AuthenticationUnavailableException($"the PSAM holds no key {usage:X2}/{keyIndex:X2} (UK2DF04)");
        }
        var mac = await CardCommand.SendAsync(_psam, PsamCommands.MacCalculation(macInput), "PSAM MAC CALCULATION", cancellationToken);
        if (mac.Data.Length != SecureMessaging.MacLength)
        {
            throw new CardDataException($"the PSAM returned a {mac.Data.Length}-byte MAC, expected {SecureMessaging.MacLength}");
        }
        return mac.Data;
    }
}
