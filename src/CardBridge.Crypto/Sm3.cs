using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace CardBridge.Crypto;

/// <summary>SM3 hash (GB/T 32905-2016), 32-byte digest, and HMAC-SM3 (RFC 2104 construction).</summary>
public static class Sm3
{
    /// <summary>Digest length in bytes.</summary>
    public const int HashLength = 32;

    /// <summary>The SM3 digest of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data);
        var output = new byte[HashLength];
        digest.DoFinal(output);
        return output;
    }

    /// <summary>HMAC-SM3 of <paramref name="data"/> under <paramref name="key"/> (any length); 32 bytes.</summary>
    public static byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var hmac = new HMac(new SM3Digest());
        hmac.Init(new KeyParameter(key));
        hmac.BlockUpdate(data);
        var output = new byte[HashLength];
        hmac.DoFinal(output);
        return output;
    }
}
