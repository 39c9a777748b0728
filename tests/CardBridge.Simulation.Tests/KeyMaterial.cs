using System.Text;
using CardBridge.Crypto;
using CardBridge.Simulation.Keys;

namespace CardBridge.Simulation.Tests;

/// <summary>Card keys computed in the test from the shipped issuer key file, independently of the card.</summary>
internal static class KeyMaterial
{
    private static readonly IssuerKeyFile Keys = IssuerKeyFile.LoadDefault();

    /// <summary>The key of a card with region <paramref name="region"/> and serial ‖ auth code <paramref name="serialAndAuth"/>.</summary>
    public static byte[] CardKey(CardAlgorithm algorithm, IssuerKeyUsage usage, string region, string serialAndAuth, string set = IssuerKeyFile.IssuerSet)
    {
        var master = Keys.MasterKey(set, algorithm, usage) ?? throw new InvalidOperationException("no master key");
        ReadOnlyMemory<byte>[] factors = [Encoding.ASCII.GetBytes(region + "sx"), Convert.FromHexString(serialAndAuth)];
        return KeyDiversification.Diversify(algorithm, master.Span, factors);
    }

    /// <summary>E(key, random) with 80-padding only when the random is not whole blocks.</summary>
    public static byte[] Encipher(CardAlgorithm algorithm, byte[] key, byte[] random)
    {
        var block = CardCipher.BlockSize(algorithm);
        return CardCipher.EncryptEcb(algorithm, key, random.Length % block == 0 ? random : CardCipher.Pad80(random, block));
    }
}
