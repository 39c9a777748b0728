using CardBridge.Cards.Authentication;
using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Keys;

namespace CardBridge.Cards.Tests.Identity;

/// <summary>
/// EXTERNAL AUTHENTICATE with RKSSSE computed from the simulator's issuer key file: GET CHALLENGE, then the
/// challenge enciphered under the card's diversified key (what a PSAM does for the terminal).
/// </summary>
internal sealed class KeyFileAuthenticator : ICardAuthenticator
{
    private readonly IssuerKeyFile _keys = IssuerKeyFile.LoadDefault();

    public async Task<KeyAuthority> AuthenticateAsync(ICardChannel card, CardKeyContext context, CancellationToken cancellationToken)
    {
        var challenge = await card.TransmitAsync(new CommandApdu(0x00, 0x84, 0x00, 0x00, default, 8), cancellationToken);
        var key = _keys.CardKey(IssuerKeyFile.IssuerSet, context.Algorithm, IssuerKeyUsage.Rkssse, context.CardIdentificationCode.Span);
        var blockSize = CardCipher.BlockSize(context.Algorithm);
        var data = challenge.Data.Length % blockSize == 0 ? challenge.Data.ToArray() : CardCipher.Pad80(challenge.Data.Span, blockSize);
        var cryptogram = CardCipher.EncryptEcb(context.Algorithm, key, data);
        var answer = await card.TransmitAsync(new CommandApdu(0x00, 0x82, 0x00, CardKeyIds.Rkssse, cryptogram), cancellationToken);
        if (!answer.StatusWord.IsNormal)
        {
            throw new CardNotGenuineException($"EXTERNAL AUTHENTICATE answered {answer.StatusWord}");
        }
        return KeyAuthority.Psam;
    }
}

/// <summary>An authenticator that fails the same way every time.</summary>
internal sealed class FailingAuthenticator(Func<Exception> failure) : ICardAuthenticator
{
    public Task<KeyAuthority> AuthenticateAsync(ICardChannel card, CardKeyContext context, CancellationToken cancellationToken) =>
        Task.FromException<KeyAuthority>(failure());
}
