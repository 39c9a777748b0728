using CardBridge.Cards.Authentication;
using CardBridge.Crypto;

namespace CardBridge.Cards.Pin;

/// <summary>
/// Secure-messaging MACs computed by the PSAM: INIT FOR DESCRYPT with the card's two factors and then the card
/// challenge as a third level gives the session key as the PSAM's working key; the CBC chain runs as one
/// CIPHER DATA per block, so the key never leaves the PSAM.
/// </summary>
/// <param name="psam">The PSAM's authenticator, whose working keys compute the MAC.</param>
/// <param name="usage">The PSAM's master key to use (default RKSSSE, 28).</param>
public sealed class PsamSecureMessagingKey(PsamAuthenticator psam, byte usage = PsamAuthenticator.RkssseUsage) : ISecureMessagingKey
{
    private readonly PsamAuthenticator _psam = psam ?? throw new ArgumentNullException(nameof(psam));

    /// <inheritdoc />
    public async Task<byte[]> MacAsync(CardKeyContext context, ReadOnlyMemory<byte> challenge, ReadOnlyMemory<byte> headerAndData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (challenge.Length != KeyDiversification.FactorLength)
        {
            throw new ArgumentException("the session key needs an 8-byte card challenge", nameof(challenge));
        }
        byte[] factors = [.. CardKeyFactors.For(context.CardIdentificationCode.Span), .. challenge.Span];
        var encipher = await _psam.WorkingKeyAsync(context.Algorithm, usage, factors, cancellationToken);
        var blockSize = CardCipher.BlockSize(context.Algorithm);
        var padded = CardCipher.Pad80(headerAndData.Span, blockSize);
        var chain = new byte[blockSize];
        for (var at = 0; at < padded.Length; at += blockSize)
        {
            for (var i = 0; i < blockSize; i++)
            {
                chain[i] ^= padded[at + i];
            }
            chain = await encipher(chain, cancellationToken);
            if (chain.Length != blockSize)
            {
                throw new AuthenticationUnavailableException("the PSAM's CIPHER DATA answer is not one block");
            }
        }
        return chain[..SecureMessaging.MacLength];
    }
}
