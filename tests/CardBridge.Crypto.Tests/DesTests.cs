using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Paddings;
using Org.BouncyCastle.Crypto.Parameters;

namespace CardBridge.Crypto.Tests;

public class DesTests
{
    private static readonly byte[] MacKey = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");
    private static readonly byte[] MacIv = Convert.FromHexString("1122334455667788");

    [Fact]
    public void Des_EncryptEcb_matches_the_classic_FIPS_46_worked_example()
    {
        var cipher = Des.EncryptEcb(Convert.FromHexString("133457799BBCDFF1"), Convert.FromHexString("0123456789ABCDEF"));

        Assert.Equal(Convert.FromHexString("85E813540F0AB405"), cipher);
    }

    [Fact]
    public void Des_DecryptEcb_inverts_the_worked_example()
    {
        var plain = Des.DecryptEcb(Convert.FromHexString("133457799BBCDFF1"), Convert.FromHexString("85E813540F0AB405"));

        Assert.Equal(Convert.FromHexString("0123456789ABCDEF"), plain);
    }

    [Fact]
    public void TripleDes_EncryptEcb_matches_the_NIST_SP_800_67_example()
    {
        var key = Convert.FromHexString("0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123");
        var plain = "The qufck brown fox jump"u8.ToArray();

        var cipher = TripleDes.EncryptEcb(key, plain);

        Assert.Equal(Convert.FromHexString("A826FD8CE53B855FCCE21C8112256FE668D5C05DD9B6B900"), cipher);
        Assert.Equal(plain, TripleDes.DecryptEcb(key, cipher));
    }

    [Fact]
    public void TripleDes_two_key_form_equals_the_three_key_form_with_K3_equal_to_K1()
    {
        var data = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");
        var threeKey = MacKey.Concat(MacKey[..8]).ToArray();

        Assert.Equal(TripleDes.EncryptEcb(threeKey, data), TripleDes.EncryptEcb(MacKey, data));
    }

    [Fact]
    public void TripleDes_with_equal_key_halves_degenerates_to_single_DES()
    {
        var key = Convert.FromHexString("133457799BBCDFF1133457799BBCDFF1");

        var cipher = TripleDes.EncryptEcb(key, Convert.FromHexString("0123456789ABCDEF"));

        Assert.Equal(Convert.FromHexString("85E813540F0AB405"), cipher);
    }

    [Theory]
    [InlineData("")]
    [InlineData("01")]
    [InlineData("0102030405060708")]
    [InlineData("84240001 0C 1122334455667788990011")]
    public void RetailMac_equals_ISO_9797_1_algorithm_3_computed_by_hand_with_DES(string dataHex)
    {
        var data = Convert.FromHexString(dataHex.Replace(" ", "", StringComparison.Ordinal));

        var mac = TripleDes.RetailMac(MacKey, MacIv, data);

        Assert.Equal(RetailMacByHand(MacKey, MacIv, data), mac);
    }

    [Fact]
    public void RetailMac_agrees_with_BouncyCastle_ISO9797Alg3Mac()
    {
        var data = Convert.FromHexString("04D6810004112233445566");
        var reference = new ISO9797Alg3Mac(new DesEngine(), new ISO7816d4Padding());
        reference.Init(new ParametersWithIV(new KeyParameter(MacKey), MacIv));
        reference.BlockUpdate(data, 0, data.Length);
        var expected = new byte[8];
        reference.DoFinal(expected, 0);

        Assert.Equal(expected, TripleDes.RetailMac(MacKey, MacIv, data));
    }

    [Fact]
    public void RetailMac_with_equal_key_halves_equals_the_single_DES_MAC()
    {
        var key = Convert.FromHexString("133457799BBCDFF1133457799BBCDFF1");
        var data = Convert.FromHexString("00A4040C02DF04");

        Assert.Equal(Des.Mac(key.AsSpan(0, 8), MacIv, data), TripleDes.RetailMac(key, MacIv, data));
    }

    [Fact]
    public void Des_Mac_equals_a_CBC_chain_computed_by_hand()
    {
        var key = Convert.FromHexString("133457799BBCDFF1");
        var data = Convert.FromHexString("000000010000000102");

        var mac = Des.Mac(key, MacIv, data);

        var block1 = DesBlock(true, key, Xor(MacIv, data[..8]));
        var block2 = DesBlock(true, key, Xor(block1, Convert.FromHexString("0280000000000000")));
        Assert.Equal(block2, mac);
    }

    [Fact]
    public void RetailMac_rejects_a_24_byte_key()
    {
        var error = Assert.Throws<ArgumentException>(() => TripleDes.RetailMac(new byte[24], MacIv, new byte[3]));

        Assert.Equal("key", error.ParamName);
    }

    [Fact]
    public void TripleDes_rejects_an_8_byte_key()
    {
        var error = Assert.Throws<ArgumentException>(() => TripleDes.EncryptEcb(new byte[8], new byte[8]));

        Assert.Equal("key", error.ParamName);
    }

    [Fact]
    public void Des_rejects_a_16_byte_key()
    {
        var error = Assert.Throws<ArgumentException>(() => Des.EncryptEcb(new byte[16], new byte[8]));

        Assert.Equal("key8", error.ParamName);
    }

    // ISO/IEC 9797-1: pad 80 00.., CBC with single DES under K1, then D(K2), E(K1) on the final block.
    private static byte[] RetailMacByHand(byte[] key, byte[] iv, byte[] data)
    {
        var k1 = key[..8];
        var k2 = key[8..];
        var padded = new byte[(data.Length / 8 + 1) * 8];
        data.CopyTo(padded, 0);
        padded[data.Length] = 0x80;
        var chain = iv;
        for (var offset = 0; offset < padded.Length; offset += 8)
        {
            chain = DesBlock(true, k1, Xor(chain, padded[offset..(offset + 8)]));
        }
        return DesBlock(true, k1, DesBlock(false, k2, chain));
    }

    private static byte[] DesBlock(bool encrypt, byte[] key, byte[] block)
    {
        var engine = new DesEngine();
        engine.Init(encrypt, new KeyParameter(key));
        var output = new byte[8];
        engine.ProcessBlock(block, 0, output, 0);
        return output;
    }

    private static byte[] Xor(byte[] a, byte[] b) => a.Zip(b, (x, y) => (byte)(x ^ y)).ToArray();
}
