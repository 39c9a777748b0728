namespace CardBridge.Crypto;

/// <summary>
/// An SM2 key pair on the recommended curve sm2p256v1: the 32-byte big-endian private scalar d and the
/// public point P = dG in both encodings SEC 1 / GB/T 32918.1 define.
/// </summary>
public sealed class Sm2KeyPair
{
    internal Sm2KeyPair(byte[] privateKey, byte[] publicKey, byte[] compressedPublicKey)
    {
        PrivateKey = privateKey;
        PublicKey = publicKey;
        CompressedPublicKey = compressedPublicKey;
    }

    /// <summary>The private key d, 32 bytes big-endian, 1 ≤ d ≤ n − 2.</summary>
    public ReadOnlyMemory<byte> PrivateKey { get; }

    /// <summary>The public key uncompressed, 65 bytes: <c>04 ‖ x ‖ y</c>.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>The public key compressed, 33 bytes: <c>02|03 ‖ x</c>.</summary>
    public ReadOnlyMemory<byte> CompressedPublicKey { get; }
}
