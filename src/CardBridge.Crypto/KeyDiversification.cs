namespace CardBridge.Crypto;

/// <summary>
/// Per-card key derivation (一卡一密) in the PBOC / JR/T 0025 style. One level turns a 16-byte master key
/// and an 8-byte factor f into a 16-byte child key:
/// <list type="bullet">
/// <item>Des3: <c>3DES-ECB(MK, f) ‖ 3DES-ECB(MK, ~f)</c> (left half from f, right half from its complement);</item>
/// <item>Sm4: <c>SM4-ECB(MK, f ‖ ~f)</c>.</item>
/// </list>
/// SSF33 raises <see cref="CryptoNotSupportedException"/>; a master key or factor of the wrong length raises
/// <see cref="ArgumentException"/>.
/// </summary>
public static class KeyDiversification
{
    /// <summary>Length of one diversification factor and of a session-key random, in bytes.</summary>
    public const int FactorLength = 8;

    /// <summary>
    /// One level of diversification of <paramref name="masterKey"/> (Des3: 16 or 24 bytes; Sm4: 16 bytes)
    /// with an 8-byte factor; returns a 16-byte key.
    /// </summary>
    public static byte[] Diversify(CardAlgorithm algorithm, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> factor8)
    {
        Lengths.Require(factor8, FactorLength, nameof(factor8));
        Span<byte> input = stackalloc byte[2 * FactorLength];
        factor8.CopyTo(input);
        for (var i = 0; i < FactorLength; i++)
        {
            input[FactorLength + i] = (byte)~factor8[i];
        }
        // 3DES-ECB over f ‖ ~f encrypts each half independently, which is exactly left ‖ right of the
        // definition; SM4 takes the 16 bytes as one block.
        return algorithm switch
        {
            CardAlgorithm.Des3 => TripleDes.EncryptEcb(masterKey, input),
            CardAlgorithm.Sm4 => Sm4.EncryptEcb(masterKey, input),
            _ => throw new CryptoNotSupportedException(algorithm),
        };
    }

    /// <summary>
    /// Multi-level diversification: applies <see cref="Diversify(CardAlgorithm, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    /// once per 8-byte factor, in order, each level keyed by the previous result. At least one factor is required.
    /// </summary>
    public static byte[] Diversify(CardAlgorithm algorithm, ReadOnlySpan<byte> masterKey, IEnumerable<ReadOnlyMemory<byte>> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        byte[]? key = null;
        foreach (var factor in factors)
        {
            key = Diversify(algorithm, key ?? masterKey, factor.Span);
        }
        return key ?? throw new ArgumentException("at least one diversification factor is required", nameof(factors));
    }

    /// <summary>
    /// Session key for secure messaging and purse transactions from the card key and an 8-byte random r
    /// (the card challenge): the same construction as one diversification level with r as the factor —
    /// Des3: <c>3DES-ECB(K, r) ‖ 3DES-ECB(K, ~r)</c>; Sm4: <c>SM4-ECB(K, r ‖ ~r)</c>. Returns 16 bytes.
    /// </summary>
    public static byte[] SessionKey(CardAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> random8)
    {
        Lengths.Require(random8, FactorLength, nameof(random8));
        return Diversify(algorithm, key, random8);
    }
}
