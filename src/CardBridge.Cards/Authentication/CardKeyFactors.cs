using System.Text;

namespace CardBridge.Cards.Authentication;

/// <summary>
/// The two 8-byte diversification factors of a card's keys (一卡一密), from its card identification code. Sichuan
/// reader-terminal spec V2.0: the first is the ASCII of the hex of the region (first 3 bytes) followed by "sx",
/// the second the last 8 bytes (serial ‖ authentication code).
/// </summary>
internal static class CardKeyFactors
{
    public const int CardIdentificationCodeLength = 16;
    public const int FactorLength = 8;

    /// <summary>Both factors concatenated (16 bytes), the data of PSAM INIT FOR DESCRYPT.</summary>
    public static byte[] For(ReadOnlySpan<byte> cardIdentificationCode)
    {
        Require(cardIdentificationCode);
        var factors = new byte[2 * FactorLength];
        Encoding.ASCII.GetBytes(Convert.ToHexString(cardIdentificationCode[..3]) + "sx", factors);
        cardIdentificationCode[8..].CopyTo(factors.AsSpan(FactorLength));
        return factors;
    }

    /// <summary>The card-level factor (serial ‖ authentication code): the diversification input of INTERNAL AUTHENTICATE.</summary>
    public static byte[] CardFactor(ReadOnlySpan<byte> cardIdentificationCode)
    {
        Require(cardIdentificationCode);
        return cardIdentificationCode[8..].ToArray();
    }

    private static void Require(ReadOnlySpan<byte> cardIdentificationCode)
    {
        if (cardIdentificationCode.Length != CardIdentificationCodeLength)
        {
            throw new ArgumentException(
                $"a card identification code has {CardIdentificationCodeLength} bytes, got {cardIdentificationCode.Length}",
                nameof(cardIdentificationCode));
        }
    }
}
