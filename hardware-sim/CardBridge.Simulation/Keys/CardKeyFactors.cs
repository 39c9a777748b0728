using System.Text;

namespace CardBridge.Simulation.Keys;

/// <summary>
/// One card, one key (一卡一密): a card's keys are the issuer master keys diversified with two 8-byte factors
/// taken from its card identification code (EF05 tag 01). Sichuan reader-terminal spec: the first factor is
/// the ASCII of the hex of the region code (first 3 bytes) followed by "sx"; the second is the last 8 bytes
/// (serial ‖ authentication code).
/// </summary>
public static class CardKeyFactors
{
    /// <summary>Length of a card identification code.</summary>
    public const int CardIdentificationCodeLength = 16;

    /// <summary>The two diversification factors, in the order they are applied.</summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> For(ReadOnlySpan<byte> cardIdentificationCode)
    {
        if (cardIdentificationCode.Length != CardIdentificationCodeLength)
        {
            throw new ArgumentException(
                $"a card identification code has {CardIdentificationCodeLength} bytes, got {cardIdentificationCode.Length}",
                nameof(cardIdentificationCode));
        }
        var region = Encoding.ASCII.GetBytes(Convert.ToHexString(cardIdentificationCode[..3]) + "sx");
        return [region, cardIdentificationCode[8..].ToArray()];
    }
}
