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
public sealed class PsamSecureMessagingMac : ISecureMessagingMac
{
    /// <summary>The PSAM key usage code of UK2DF04 in the simulator's issuer key file.</summary>
    public const byte DefaultUsage = 0x42;

    private const int MacLength = 4;
    private const ushort KeyNotFound = 0x9403;

    private readonly ICardChannel _psam;
    private readonly byte _usage;
    private readonly byte _keyIndex;

    /// <summary>Uses the PSAM on <paramref name="psam"/>, its UK2DF04 master key stored under <paramref name="usage"/> at <paramref name="keyIndex"/>.</summary>
    public PsamSecureMessagingMac(ICardChannel psam, byte usage = DefaultUsage, byte keyIndex = 0x01)
    {
        ArgumentNullException.ThrowIfNull(psam);
        _psam = psam;
        _usage = usage;
        _keyIndex = keyIndex;
    }

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
        var init = await _psam.TransmitAsync(new CommandApdu(0x80, 0x1A, _usage, _keyIndex, factors), cancellationToken);
        if (init.StatusWord.Value == KeyNotFound)
        {
            throw new AuthenticationUnavailableException($"the PSAM holds no key {_usage:X2}/{_keyIndex:X2} (UK2DF04)");
        }
        if (!init.StatusWord.IsNormal)
        {
            throw new CardCommandException("PSAM INIT FOR DESCRYPT UK2DF04", init.StatusWord);
        }
        var mac = await CardCommand.SendAsync(_psam, new CommandApdu(0x80, 0xFA, 0x05, 0x00, macInput, CommandApdu.MaxShortNe), "PSAM MAC CALCULATION", cancellationToken);
        if (mac.Data.Length != MacLength)
        {
            throw new CardDataException($"the PSAM returned a {mac.Data.Length}-byte MAC, expected {MacLength}");
        }
        return mac.Data;
    }
}
