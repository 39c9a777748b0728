using CardBridge.Iso7816;

namespace CardBridge.Cards.Authentication;

/// <summary>
/// PSAM first, remote HSM second (DESIGN §8): when the PSAM is absent, or lacks the card's algorithm or RKSSSE,
/// the check is run again from the start through the HSM. A card found not genuine is never retried.
/// </summary>
public sealed class FallbackAuthenticator : ICardAuthenticator
{
    private readonly ICardAuthenticator? _psam;
    private readonly ICardAuthenticator _hsm;

    /// <summary>Tries <paramref name="psam"/> (null when the terminal has none), then <paramref name="hsm"/>.</summary>
    public FallbackAuthenticator(ICardAuthenticator? psam, ICardAuthenticator hsm)
    {
        ArgumentNullException.ThrowIfNull(hsm);
        _psam = psam;
        _hsm = hsm;
    }

    /// <summary>Why the last check did not use the PSAM, or null when it did (or there was no check yet).</summary>
    public AuthenticationUnavailableException? LastPsamFailure { get; private set; }

    /// <inheritdoc />
    public async Task AuthenticateAsync(ICardChannel card, CardKeyContext context, CancellationToken cancellationToken)
    {
        LastPsamFailure = null;
        if (_psam is not null)
        {
            try
            {
                await _psam.AuthenticateAsync(card, context, cancellationToken);
                return;
            }
            catch (AuthenticationUnavailableException e)
            {
                LastPsamFailure = e;
            }
        }
        else
        {
            LastPsamFailure = new AuthenticationUnavailableException("the terminal has no PSAM");
        }
        await _hsm.AuthenticateAsync(card, context, cancellationToken);
    }
}
