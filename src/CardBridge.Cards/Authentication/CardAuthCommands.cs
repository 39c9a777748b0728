using CardBridge.Iso7816;

namespace CardBridge.Cards.Authentication;

/// <summary>The card side of the genuineness check (DESIGN §8 security commands).</summary>
internal static class CardAuthCommands
{
    public const int ChallengeLength = 8;

    /// <summary>Card key id of the internal-authentication key (P2 of INTERNAL AUTHENTICATE).</summary>
    private const byte InternalAuthKeyId = 0x00;

    /// <summary>RKSSSE, the SSSE external-authentication key id (P2 of EXTERNAL AUTHENTICATE).</summary>
    private const byte RkssseKeyId = 0x0A;

    // INTERNAL AUTHENTICATE 00 88 00 keyId 10: diversification input (8) ‖ random (8) → E(K_card, random).
    public static async Task<byte[]> InternalAuthenticateAsync(ICardChannel card, ReadOnlyMemory<byte> input, ReadOnlyMemory<byte> random, CancellationToken cancellationToken)
    {
        byte[] data = [.. input.Span, .. random.Span];
        var response = await CardCommand.SendAsync(card, CommandApdu.InternalAuthenticate(InternalAuthKeyId, data), "INTERNAL AUTHENTICATE", cancellationToken);
        return response.Data.ToArray();
    }

    // GET CHALLENGE 00 84 00 00 08.
    public static async Task<byte[]> GetChallengeAsync(ICardChannel card, CancellationToken cancellationToken)
    {
        var response = await card.TransmitAsync(CommandApdu.GetChallenge(ChallengeLength), cancellationToken);
        if (!response.StatusWord.IsNormal || response.Data.Length != ChallengeLength)
        {
            throw new CardCommandException("GET CHALLENGE", response.StatusWord);
        }
        return response.Data.ToArray();
    }

    // EXTERNAL AUTHENTICATE 00 82 00 0A Lc cryptogram: 9000 opens the RKSSSE-protected files; 6300/63Cx means
    // the card's key is not the issuer's.
    public static async Task ExternalAuthenticateAsync(ICardChannel card, ReadOnlyMemory<byte> cryptogram, CancellationToken cancellationToken)
    {
        var response = await card.TransmitAsync(CommandApdu.ExternalAuthenticate(RkssseKeyId, cryptogram), cancellationToken);
        if (response.StatusWord.IsNormal)
        {
            return;
        }
        if (response.StatusWord.Sw1 == 0x63)
        {
            throw new CardNotGenuineException($"the card refused the issuer's RKSSSE cryptogram ({response.StatusWord})");
        }
        throw new CardCommandException("EXTERNAL AUTHENTICATE", response.StatusWord);
    }

    /// <summary>Compares the card's internal-authentication answer with the key authority's, in constant time.</summary>
    public static void RequireMatch(ReadOnlySpan<byte> cardAnswer, ReadOnlySpan<byte> expected)
    {
        if (expected.IsEmpty || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(cardAnswer, expected))
        {
            throw new CardNotGenuineException("the card's internal authentication answer does not verify with the issuer's key");
        }
    }
}
