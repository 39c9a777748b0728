using CardBridge.Crypto;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Authentication;

/// <summary>What a key authority needs to diversify one card's keys (一卡一密): its identification code and algorithm.</summary>
/// <param name="CardIdentificationCode">The 16-byte card identification code (EF05 tag 01).</param>
/// <param name="Algorithm">The SSSE's algorithm (FCI tag 86): SM4 on third-generation cards, 3DES on second.</param>
public sealed record CardKeyContext(ReadOnlyMemory<byte> CardIdentificationCode, CardAlgorithm Algorithm);

/// <summary>
/// The genuine-card check on the currently selected SSSE: internal authentication (the card proves it holds its
/// issuer-diversified key) and external authentication with RKSSSE (the terminal proves itself, which opens the
/// RKSSSE-protected holder files). Implemented with a PSAM in a second reader slot, with a remote HSM in two
/// steps, or with a PSAM falling back to the HSM.
/// </summary>
public interface ICardAuthenticator
{
    /// <summary>Authenticates the card in <paramref name="card"/>, whose SSSE is selected; returns which key authority did.</summary>
    /// <exception cref="CardNotGenuineException">The card's answer does not verify, or it refuses the terminal's cryptogram.</exception>
    /// <exception cref="AuthenticationUnavailableException">No key authority can serve this card (no PSAM, PSAM lacks the algorithm or RKSSSE, HSM unreachable).</exception>
    Task<KeyAuthority> AuthenticateAsync(ICardChannel card, CardKeyContext context, CancellationToken cancellationToken);
}

/// <summary>The terminal has no way to authenticate this card right now; the card is not known to be forged.</summary>
public sealed class AuthenticationUnavailableException(string message, Exception? innerException = null) : CardException(message, innerException);
