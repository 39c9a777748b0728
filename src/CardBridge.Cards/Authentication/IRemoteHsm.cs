namespace CardBridge.Cards.Authentication;

/// <summary>
/// A remote hardware security module holding the issuer master keys, reached over the network: the server side of
/// <c>iReadCardBas_HSM_Step1/Step2</c>. It answers one <see cref="HsmStep1Request"/> with the
/// <see cref="HsmStep2Response"/> the terminal applies to the card.
/// </summary>
public interface IRemoteHsm
{
    /// <summary>Computes the expected internal-authentication result and the external-authentication cryptogram.</summary>
    /// <exception cref="AuthenticationUnavailableException">The HSM is unreachable or holds no key for the card's algorithm.</exception>
    Task<HsmStep2Response> AuthenticateAsync(HsmStep1Request request, CancellationToken cancellationToken);
}
