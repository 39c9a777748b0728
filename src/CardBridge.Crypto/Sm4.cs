using Org.BouncyCastle.Crypto.Engines;

namespace CardBridge.Crypto;

/// <summary>SM4 block cipher (GB/T 32907-2016): 16-byte key, 16-byte block.</summary>
public static class Sm4
{
    /// <summary>Key length in bytes.</summary>
    public const int KeyLength = 16;

    /// <summary>Block length in bytes.</summary>
    public const int BlockSize = 16;

    private static readonly BlockCipher Cipher = new(() => new SM4Engine(), BlockSize, KeyLength);

    /// <summary>Encrypts <paramref name="data"/> (a multiple of 16 bytes) block by block.</summary>
    public static byte[] EncryptEcb(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => Cipher.Ecb(true, key, data);

    /// <summary>Decrypts <paramref name="data"/> (a multiple of 16 bytes) block by block.</summary>
    public static byte[] DecryptEcb(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => Cipher.Ecb(false, key, data);

    /// <summary>CBC-encrypts <paramref name="data"/> (a multiple of 16 bytes) with a 16-byte IV; no padding.</summary>
    public static byte[] EncryptCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data) => Cipher.Cbc(true, key, iv, data);

    /// <summary>CBC-decrypts <paramref name="data"/> (a multiple of 16 bytes) with a 16-byte IV; no padding removed.</summary>
    public static byte[] DecryptCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data) => Cipher.Cbc(false, key, iv, data);

    /// <summary>
    /// CBC-MAC (ISO/IEC 9797-1 algorithm 1, padding method 2: <c>80 00…</c> to a 16-byte boundary, always
    /// added) starting from a 16-byte <paramref name="iv"/>. Returns the full 16-byte last block; card
    /// secure messaging and purse MACs take its first 4 bytes.
    /// </summary>
    public static byte[] Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data) => Cipher.CbcMac(key, iv, data);
}
