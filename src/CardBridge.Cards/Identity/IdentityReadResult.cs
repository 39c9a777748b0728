using CardBridge.Cards.Authentication;

namespace CardBridge.Cards.Identity;

/// <summary>
/// An identity read: the card identification always, the holder when the card let the terminal read it, and
/// the card's validity on the terminal's local date.
/// </summary>
/// <param name="Card">EF05.</param>
/// <param name="Holder">EF06; null when <paramref name="HolderUnavailable"/> says why.</param>
/// <param name="HolderUnavailable">Why <paramref name="Holder"/> is null; <see cref="HolderUnavailableReason.None"/> when it is present.</param>
/// <param name="HolderUnavailableDetail">The authenticator's explanation when it could not serve the card; otherwise null.</param>
/// <param name="Validity">Whether today lies within issue date … expiry date.</param>
public sealed record IdentityReadResult(
    CardIdentification Card,
    Holder? Holder,
    HolderUnavailableReason HolderUnavailable,
    string? HolderUnavailableDetail,
    CardValidity Validity)
{
    /// <summary>The key authority whose genuine-card check opened the holder file of a 3.00 card; null when no check ran.</summary>
    public KeyAuthority? VerifiedBy { get; init; }
}
