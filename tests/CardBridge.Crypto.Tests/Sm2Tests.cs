using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace CardBridge.Crypto.Tests;

public class Sm2Tests
{
    // GM/T 0003.5-2012 (= GB/T 32918.5-2017) Annex A: signature example on the recommended curve sm2p256v1.
    private static readonly byte[] AnnexPrivateKey = Convert.FromHexString("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8");
    private static readonly byte[] AnnexPublicKey = Convert.FromHexString(
        "04" +
        "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020" +
        "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13");
    private static readonly byte[] AnnexK = Convert.FromHexString("59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21");
    private static readonly byte[] AnnexMessage = "message digest"u8.ToArray();
    private static readonly byte[] AnnexSignature = Convert.FromHexString(
        "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3" +
        "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA");

    [Fact]
    public void KeyPairFromPrivateKey_derives_the_GM_T_0003_5_Annex_A_public_key()
    {
        var pair = Sm2.KeyPairFromPrivateKey(AnnexPrivateKey);

        Assert.Equal(AnnexPublicKey, pair.PublicKey.ToArray());
        Assert.Equal(AnnexPrivateKey, pair.PrivateKey.ToArray());
        // y ends in ...13, odd: compressed prefix 03.
        Assert.Equal([0x03, .. AnnexPublicKey[1..33]], pair.CompressedPublicKey.ToArray());
    }

    [Fact]
    public void Sign_with_the_annex_k_reproduces_the_GM_T_0003_5_Annex_A_signature()
    {
        var signature = Sm2.Sign(AnnexPrivateKey, AnnexMessage, Sm2.DefaultUserId, new FixedRandom(AnnexK));

        Assert.Equal(AnnexSignature, signature);
    }

    [Fact]
    public void Sign_reproduces_the_BouncyCastle_SM2SignerTest_vector_with_a_custom_user_id()
    {
        // bcgit/bc-csharp crypto/test/src/crypto/test/SM2SignerTest.cs, DoSignerTestFpStandardSM3.
        var privateKey = Convert.FromHexString("110E7973206F68C19EE5F7328C036F26911C8C73B4E4F36AE3291097F8984FFC");
        var k = Convert.FromHexString("3174C6FFC3C279D2422F3FC0A9F3E574674A4490FE45A5325CAF7D3EC4C8F96C");

        var signature = Sm2.Sign(privateKey, "hi chappy"u8, "sm2test@example.com", new FixedRandom(k));

        Assert.Equal(
            Convert.FromHexString(
                "05890B9077B92E47B17A1FF42A814280E556AFD92B4A98B9670BF8B1A274C2FA" +
                "E3ABBB8DB2B6ECD9B24ECCEA7F679FB9A4B1DB52F4AA985E443AD73237FA1993"),
            signature);
    }

    [Fact]
    public void Verify_accepts_the_annex_signature_raw_DER_and_with_a_compressed_key()
    {
        var compressed = Sm2.KeyPairFromPrivateKey(AnnexPrivateKey).CompressedPublicKey.ToArray();

        Assert.True(Sm2.Verify(AnnexPublicKey, AnnexMessage, AnnexSignature));
        Assert.True(Sm2.Verify(AnnexPublicKey, AnnexMessage, Der(AnnexSignature)));
        Assert.True(Sm2.Verify(compressed, AnnexMessage, AnnexSignature));
    }

    [Fact]
    public void Sign_then_Verify_round_trips_with_a_generated_key()
    {
        var pair = Sm2.GenerateKeyPair();
        var data = "QR SIM0000001 测试甲"u8.ToArray();

        var signature = Sm2.Sign(pair.PrivateKey.Span, data);

        Assert.Equal(Sm2.SignatureLength, signature.Length);
        Assert.True(Sm2.Verify(pair.PublicKey.Span, data, signature));
        Assert.True(Sm2.Verify(pair.CompressedPublicKey.Span, data, signature));
    }

    [Fact]
    public void Sign_uses_a_fresh_k_each_time()
    {
        var first = Sm2.Sign(AnnexPrivateKey, AnnexMessage);
        var second = Sm2.Sign(AnnexPrivateKey, AnnexMessage);

        Assert.NotEqual(first, second);
        Assert.True(Sm2.Verify(AnnexPublicKey, AnnexMessage, second));
    }

    [Fact]
    public void Verify_rejects_a_changed_message()
    {
        Assert.False(Sm2.Verify(AnnexPublicKey, "message digesT"u8, AnnexSignature));
    }

    [Fact]
    public void Verify_rejects_another_key()
    {
        var other = Sm2.GenerateKeyPair();

        Assert.False(Sm2.Verify(other.PublicKey.Span, AnnexMessage, AnnexSignature));
    }

    [Fact]
    public void Verify_rejects_another_user_id()
    {
        Assert.False(Sm2.Verify(AnnexPublicKey, AnnexMessage, AnnexSignature, "ALICE123@YAHOO.COM"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(63)]
    public void Verify_rejects_a_signature_with_one_bit_flipped(int index)
    {
        var tampered = AnnexSignature.ToArray();
        tampered[index] ^= 0x01;

        Assert.False(Sm2.Verify(AnnexPublicKey, AnnexMessage, tampered));
    }

    [Theory]
    [InlineData("")]
    [InlineData("3000")]
    [InlineData("F5A03B0648D2C463")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")]
    public void Verify_returns_false_for_a_malformed_signature(string signatureHex)
    {
        Assert.False(Sm2.Verify(AnnexPublicKey, AnnexMessage, Convert.FromHexString(signatureHex)));
    }

    [Fact]
    public void Verify_rejects_DER_with_trailing_bytes()
    {
        byte[] der = [.. Der(AnnexSignature), 0x00];

        Assert.False(Sm2.Verify(AnnexPublicKey, AnnexMessage, der));
    }

    [Fact]
    public void Verify_throws_for_a_public_key_off_the_curve()
    {
        var offCurve = AnnexPublicKey.ToArray();
        offCurve[^1] ^= 0x01;

        var error = Assert.Throws<ArgumentException>(() => Sm2.Verify(offCurve, AnnexMessage, AnnexSignature));

        Assert.Equal("publicKey", error.ParamName);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(33)]
    public void Verify_throws_for_a_public_key_with_the_wrong_shape(int length)
    {
        var key = new byte[length];
        key[0] = length == 33 ? (byte)0x04 : (byte)0x02;

        var error = Assert.Throws<ArgumentException>(() => Sm2.Verify(key, AnnexMessage, AnnexSignature));

        Assert.Equal("publicKey", error.ParamName);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54122")]
    [InlineData("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123")]
    public void KeyPairFromPrivateKey_rejects_scalars_outside_1_to_n_minus_2(string privateKeyHex)
    {
        var error = Assert.Throws<ArgumentException>(() => Sm2.KeyPairFromPrivateKey(Convert.FromHexString(privateKeyHex)));

        Assert.Equal("privateKey", error.ParamName);
    }

    [Fact]
    public void Sign_rejects_a_private_key_that_is_not_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => Sm2.Sign(new byte[31], AnnexMessage));
    }

    private static byte[] Der(byte[] raw) => new DerSequence(
        new DerInteger(new BigInteger(1, raw[..32])),
        new DerInteger(new BigInteger(1, raw[32..]))).GetEncoded();

    /// <summary>Hands the signer a chosen k, as the standard's worked example fixes it.</summary>
    private sealed class FixedRandom(byte[] value) : SecureRandom
    {
        public override void NextBytes(byte[] buf) => NextBytes(buf.AsSpan());

        public override void NextBytes(byte[] buf, int off, int len) => NextBytes(buf.AsSpan(off, len));

        public override void NextBytes(Span<byte> buffer)
        {
            Assert.Equal(value.Length, buffer.Length);
            value.CopyTo(buffer);
        }
    }
}
