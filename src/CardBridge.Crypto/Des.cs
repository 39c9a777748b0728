using Org.BouncyCastle.Crypto.Engines;

namespace CardBridge.Crypto;

/// <summary>Single DES (FIPS 46-3) with an 8-byte key, as PBOC purse MAC/TAC computations use it.</summary>
public static class Des
{
    /// <summary>Key length in bytes (parity bits are ignored).</summary>
    public const int KeyLength = 8;

    /// <summary>Block length in bytes.</summary>
    public const int BlockSize = 8;

    private static readonly BlockCipher Cipher = new(() => new DesEngine(), BlockSize, KeyLength);

    /// <summary>Encrypts <paramref name="data"/> (a multiple of 8 bytes) block by block.</summary>
    public static byte[] EncryptEcb(ReadOnlySpan<byte> key8, ReadOnlySpan<byte> data) => Cipher.Ecb(true, key8, data);

    /// <summary>Decrypts <paramref name="data"/> (a multiple of 8 bytes) block by block.</summary>
    public static byte[] DecryptEcb(ReadOnlySpan<byte> key8, ReadOnlySpan<byte> data) => Cipher.Ecb(false, key8, data);

    /// <summary>
    /// DES CBC-MAC (ISO/IEC 9797-1 algorithm 1, padding method 2: <c>80 00…</c>, always added) from an
    /// 8-byte <paramref name="iv"/>; returns 8 bytes.
    /// </summary>
    public static byte[] Mac(ReadOnlySpan<byte> key8, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data) => Cipher.CbcMac(key8, iv, data);
}
