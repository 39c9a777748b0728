using CardBridge.Iso7816;

namespace CardBridge.Cards.Authentication;

/// <summary>
/// PSAM first, remote HSM second (DESIGN §8): when the PSAM is absent, or lacks the card's algorithm or RKSSSE,
/// the check is run again from the start through the HSM. A card found not genuine is never retried. One instance
/// serves every reader at once, so it keeps no state between checks: why the PSAM could not serve a card goes to the
/// callback of that very check.
/// </summary>
public sealed class FallbackAuthenticator : ICardAuthenticator
{
    private readonly ICardAuthenticator? _psam;
    private readonly ICardAuthenticator _hsm;
    private readonly Action<AuthenticationUnavailableException>? _psamUnavailable;

    /// <summary>
    /// Tries <paramref name="psam"/> (null when the terminal has none), then <paramref name="hsm"/>; tells
    /// <paramref name="psamUnavailable"/> why a check did not use the PSAM, before the HSM is asked.
    /// </summary>
    public FallbackAuthenticator(ICardAuthenticator? psam, ICardAuthenticator hsm, Action<AuthenticationUnavailableException>? psamUnavailable = null)
    {
        ArgumentNullException.ThrowIfNull(hsm);
        _psam = psam;
        _hsm = hsm;
        _psamUnavailable = psamUnavailable;
    }

    /// <inheritdoc />
    public async Task<KeyAuthority> AuthenticateAsync(ICardChannel card, CardKeyContext context, CancellationToken cancellationToken)
    {
        if (_psam is not null)
        {
            try
            {
                return await _psam.AuthenticateAsync(card, context, cancellationToken);
            }
            catch (AuthenticationUnavailableException e)
            {
                _psamUnavailable?.Invoke(e);
            }
        }
        else
        {
            _psamUnavailable?.Invoke(new AuthenticationUnavailableException("the terminal has no PSAM"));
        }
        return await _hsm.AuthenticateAsync(card, context, cancellationToken);
    }
}
