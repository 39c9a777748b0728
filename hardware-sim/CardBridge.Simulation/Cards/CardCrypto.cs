using CardBridge.Crypto;

namespace CardBridge.Simulation.Cards;

/// <summary>The one cipher step both simulated authentications and the PSAM perform.</summary>
internal static class CardCrypto
{
    /// <summary>
    /// ECB encryption of <paramref name="data"/>, ISO/IEC 9797-1 padding method 2 (80 00…) applied only when the
    /// data is not a whole number of blocks: an 8-byte random gives 8 bytes under 3DES and 16 under SM4.
    /// </summary>
    public static byte[] Encipher(CardAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var blockSize = CardCipher.BlockSize(algorithm);
        var aligned = data.Length > 0 && data.Length % blockSize == 0;
        return CardCipher.EncryptEcb(algorithm, key, aligned ? data : CardCipher.Pad80(data, blockSize));
    }
}
