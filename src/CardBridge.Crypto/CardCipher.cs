namespace CardBridge.Crypto;

/// <summary>
/// The card's symmetric cipher chosen by the algorithm its FCI announces: 2-key 3DES (8-byte blocks) for
/// <see cref="CardAlgorithm.Des3"/>, SM4 (16-byte blocks) for <see cref="CardAlgorithm.Sm4"/>. SSF33 and
/// undefined identifiers raise <see cref="CryptoNotSupportedException"/>.
/// </summary>
public static class CardCipher
{
    /// <summary>The block size in bytes: 8 for Des3, 16 for Sm4.</summary>
    public static int BlockSize(CardAlgorithm algorithm) => algorithm switch
    {
        CardAlgorithm.Des3 => TripleDes.BlockSize,
        CardAlgorithm.Sm4 => Sm4.BlockSize,
        _ => throw new CryptoNotSupportedException(algorithm),
    };

    /// <summary>Encrypts whole blocks with the card algorithm (Des3 key 16 or 24 bytes, Sm4 key 16 bytes).</summary>
    public static byte[] EncryptEcb(CardAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => algorithm switch
    {
        CardAlgorithm.Des3 => TripleDes.EncryptEcb(key, data),
        CardAlgorithm.Sm4 => Sm4.EncryptEcb(key, data),
        _ => throw new CryptoNotSupportedException(algorithm),
    };

    /// <summary>Decrypts whole blocks with the card algorithm (Des3 key 16 or 24 bytes, Sm4 key 16 bytes).</summary>
    public static byte[] DecryptEcb(CardAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => algorithm switch
    {
        CardAlgorithm.Des3 => TripleDes.DecryptEcb(key, data),
        CardAlgorithm.Sm4 => Sm4.DecryptEcb(key, data),
        _ => throw new CryptoNotSupportedException(algorithm),
    };

    /// <summary>
    /// The card MAC over <paramref name="data"/> (padded with <c>80 00…</c> here, so pass it unpadded):
    /// Des3 → <see cref="TripleDes.RetailMac"/> (16-byte key, 8-byte IV, 8-byte result);
    /// Sm4 → <see cref="Sm4.Mac"/> (16-byte key, 16-byte IV, 16-byte result). Callers take the first 4 bytes.
    /// </summary>
    public static byte[] Mac(CardAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data) => algorithm switch
    {
        CardAlgorithm.Des3 => TripleDes.RetailMac(key, iv, data),
        CardAlgorithm.Sm4 => Sm4.Mac(key, iv, data),
        _ => throw new CryptoNotSupportedException(algorithm),
    };

    /// <summary>
    /// ISO/IEC 9797-1 padding method 2: appends <c>80</c> then <c>00</c> up to the next multiple of
    /// <paramref name="blockSize"/>. A full block is added when the data is already aligned.
    /// </summary>
    public static byte[] Pad80(ReadOnlySpan<byte> data, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        var padded = new byte[(data.Length / blockSize + 1) * blockSize];
        data.CopyTo(padded);
        padded[data.Length] = 0x80;
        return padded;
    }
}
