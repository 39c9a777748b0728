using CardBridge.Cards.Authentication;

namespace CardBridge.Cards.Medical;

/// <summary>
/// Computes the 4-byte MAC of a secure-messaging write to DF04 (CLA 04): the key authority derives the card's
/// UK2DF04 from the issuer master key (一卡一密), the session key from the card's challenge, and MACs the
/// command header and data with it. The keys stay inside the authority (a PSAM, an HSM).
/// </summary>
public interface ISecureMessagingMac
{
    /// <summary>
    /// The MAC of <paramref name="macInput"/> (<c>CLA INS P1 P2 Lc data</c>, Lc counting the MAC) for the card of
    /// <paramref name="card"/> and the 8-byte <paramref name="challenge"/> it just gave (GET CHALLENGE).
    /// </summary>
    /// <exception cref="AuthenticationUnavailableException">The authority cannot compute it (no UK2DF04, no algorithm).</exception>
    Task<ReadOnlyMemory<byte>> ComputeAsync(CardKeyContext card, ReadOnlyMemory<byte> challenge, ReadOnlyMemory<byte> macInput, CancellationToken cancellationToken);
}
