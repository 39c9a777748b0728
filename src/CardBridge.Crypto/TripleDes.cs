using Org.BouncyCastle.Crypto.Engines;

namespace CardBridge.Crypto;

/// <summary>Triple DES (EDE, NIST SP 800-67) with a 16-byte (K1‖K2, K3 = K1) or 24-byte key.</summary>
public static class TripleDes
{
    /// <summary>Block length in bytes.</summary>
    public const int BlockSize = 8;

    private static readonly BlockCipher Cipher = new(() => new DesEdeEngine(), BlockSize, 16, 24);

    /// <summary>Encrypts <paramref name="data"/> (a multiple of 8 bytes) block by block.</summary>
    public static byte[] EncryptEcb(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => Cipher.Ecb(true, key, data);

    /// <summary>Decrypts <paramref name="data"/> (a multiple of 8 bytes) block by block.</summary>
    public static byte[] DecryptEcb(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => Cipher.Ecb(false, key, data);

    /// <summary>
    /// Retail MAC: ISO/IEC 9797-1 MAC algorithm 3 with padding method 2 (<c>80 00…</c>, always added) and
    /// a 16-byte key K1‖K2. Single-DES CBC under K1 from <paramref name="iv"/> over all blocks, then the
    /// last block is decrypted under K2 and encrypted under K1. Returns 8 bytes (PBOC secure messaging
    /// takes the first 4).
    /// </summary>
    public static byte[] RetailMac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        Lengths.Require(key, 16, nameof(key));
        Lengths.Require(iv, BlockSize, nameof(iv));
        var k1 = key[..8];
        var k2 = key[8..];
        var chained = Des.Mac(k1, iv, data);
        // ISO/IEC 9797-1 §7.1.3 output transformation 3: D(K2) then E(K1) on the last block.
        return Des.EncryptEcb(k1, Des.DecryptEcb(k2, chained));
    }
}
