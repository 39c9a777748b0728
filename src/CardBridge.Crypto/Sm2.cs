using System.Text;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;

namespace CardBridge.Crypto;

/// <summary>
/// SM2 digital signatures (GB/T 32918.2-2016 / GM/T 0003.2-2012) on the recommended curve sm2p256v1, with
/// the SM3 digest of <c>Z ‖ M</c>, where Z hashes the signer's user id, the curve and the public key.
/// The user id defaults to <see cref="DefaultUserId"/> (GM/T 0009-2012 §10). Signatures are produced as
/// raw 64-byte <c>r ‖ s</c>; verification also accepts DER <c>SEQUENCE { INTEGER r, INTEGER s }</c>.
/// Public keys are accepted uncompressed (65 bytes, <c>04 ‖ x ‖ y</c>) or compressed (33 bytes, <c>02|03 ‖ x</c>).
/// Malformed keys raise <see cref="ArgumentException"/>; a malformed signature only makes verification fail.
/// </summary>
public static class Sm2
{
    /// <summary>The default signer identity of GM/T 0009-2012: ASCII "1234567812345678".</summary>
    public const string DefaultUserId = "1234567812345678";

    /// <summary>Length of a private key in bytes.</summary>
    public const int PrivateKeyLength = 32;

    /// <summary>Length of a raw <c>r ‖ s</c> signature in bytes.</summary>
    public const int SignatureLength = 64;

    // GB/T 32918.1 §6.4: the identity length ENTL is a 16-bit count of bits.
    private const int MaxUserIdBytes = ushort.MaxValue / 8;

    private static readonly X9ECParameters Curve = GMNamedCurves.GetByName("sm2p256v1");
    private static readonly ECDomainParameters Domain = new(Curve);

    /// <summary>Generates a key pair from the operating system's cryptographic random source.</summary>
    public static Sm2KeyPair GenerateKeyPair()
    {
        var random = new SecureRandom();
        var bytes = new byte[PrivateKeyLength];
        BigInteger d;
        do
        {
            random.NextBytes(bytes);
            d = new BigInteger(1, bytes);
        }
        while (!IsValidPrivateScalar(d));
        return KeyPairOf(d);
    }

    /// <summary>
    /// The key pair of a given 32-byte private key (for deterministic personalisation of simulated cards
    /// and test fixtures). The key must satisfy 1 ≤ d ≤ n − 2 (GB/T 32918.1 §6.1).
    /// </summary>
    public static Sm2KeyPair KeyPairFromPrivateKey(ReadOnlySpan<byte> privateKey) => KeyPairOf(PrivateScalar(privateKey));

    /// <summary>
    /// Signs <paramref name="data"/> (the message itself, not a digest) with a fresh random k; returns
    /// 64 bytes <c>r ‖ s</c>. <paramref name="userId"/> is encoded as UTF-8; null means <see cref="DefaultUserId"/>.
    /// </summary>
    public static byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> data, string? userId = null) =>
        Sign(privateKey, data, userId, new SecureRandom());

    /// <summary>Signing with an explicit source for k, so tests can reproduce the standard's worked example.</summary>
    internal static byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> data, string? userId, SecureRandom random)
    {
        var key = new ECPrivateKeyParameters(PrivateScalar(privateKey), Domain);
        var signer = new SM2Signer(PlainDsaEncoding.Instance);
        signer.Init(true, new ParametersWithID(new ParametersWithRandom(key, random), UserIdBytes(userId)));
        signer.BlockUpdate(data);
        return signer.GenerateSignature();
    }

    /// <summary>
    /// True when <paramref name="signature"/> (64-byte <c>r ‖ s</c> or DER) is a valid SM2 signature of
    /// <paramref name="data"/> by <paramref name="publicKey"/> (65-byte uncompressed or 33-byte compressed)
    /// under <paramref name="userId"/> (UTF-8; null means <see cref="DefaultUserId"/>).
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, string? userId = null)
    {
        var key = new ECPublicKeyParameters(PublicPoint(publicKey), Domain);
        var idBytes = UserIdBytes(userId);
        if (!TryNormalizeSignature(signature, out var raw))
        {
            return false;
        }
        var signer = new SM2Signer(PlainDsaEncoding.Instance);
        signer.Init(false, new ParametersWithID(key, idBytes));
        signer.BlockUpdate(data);
        return signer.VerifySignature(raw);
    }

    private static bool TryNormalizeSignature(ReadOnlySpan<byte> signature, out byte[] raw)
    {
        raw = [];
        if (signature.Length == SignatureLength)
        {
            raw = signature.ToArray();
            return true;
        }
        try
        {
            // StandardDsaEncoding.Decode is strict DER: it re-encodes and rejects any other form, and
            // rejects r or s outside [1, n-1].
            var rs = StandardDsaEncoding.Instance.Decode(Domain.N, signature.ToArray());
            raw = PlainDsaEncoding.Instance.Encode(Domain.N, rs[0], rs[1]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Sm2KeyPair KeyPairOf(BigInteger d)
    {
        var point = Domain.G.Multiply(d).Normalize();
        return new Sm2KeyPair(
            BigIntegers.AsUnsignedByteArray(PrivateKeyLength, d),
            point.GetEncoded(false),
            point.GetEncoded(true));
    }

    private static BigInteger PrivateScalar(ReadOnlySpan<byte> privateKey)
    {
        Lengths.Require(privateKey, PrivateKeyLength, nameof(privateKey));
        var d = new BigInteger(1, privateKey.ToArray());
        if (!IsValidPrivateScalar(d))
        {
            throw new ArgumentException("privateKey must be in [1, n-2] of sm2p256v1", nameof(privateKey));
        }
        return d;
    }

    private static bool IsValidPrivateScalar(BigInteger d) =>
        d.SignValue > 0 && d.CompareTo(Domain.N.Subtract(BigInteger.One)) < 0;

    private static ECPoint PublicPoint(ReadOnlySpan<byte> publicKey)
    {
        var shapeOk = (publicKey.Length, publicKey.IsEmpty ? (byte)0 : publicKey[0]) switch
        {
            (65, 0x04) => true,
            (33, 0x02 or 0x03) => true,
            _ => false,
        };
        if (!shapeOk)
        {
            throw new ArgumentException(
                $"publicKey must be 65 bytes 04‖x‖y or 33 bytes 02|03‖x, got {publicKey.Length} bytes", nameof(publicKey));
        }
        try
        {
            // DecodePoint checks that the point lies on the curve.
            return Curve.Curve.DecodePoint(publicKey.ToArray());
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException("publicKey is not a point on sm2p256v1", nameof(publicKey), ex);
        }
    }

    private static byte[] UserIdBytes(string? userId)
    {
        var bytes = Encoding.UTF8.GetBytes(userId ?? DefaultUserId);
        if (bytes.Length > MaxUserIdBytes)
        {
            throw new ArgumentException($"userId must be at most {MaxUserIdBytes} bytes in UTF-8", nameof(userId));
        }
        return bytes;
    }
}
