namespace CardBridge.Crypto.Tests;

public class CardCipherTests
{
    private static readonly byte[] Key16 = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");

    [Theory]
    [InlineData(CardAlgorithm.Des3, 8)]
    [InlineData(CardAlgorithm.Sm4, 16)]
    public void BlockSize_follows_the_algorithm(CardAlgorithm algorithm, int expected)
    {
        Assert.Equal(expected, CardCipher.BlockSize(algorithm));
    }

    [Fact]
    public void EncryptEcb_dispatches_Des3_to_two_key_3DES()
    {
        var data = Convert.FromHexString("1122334455667788");

        Assert.Equal(TripleDes.EncryptEcb(Key16, data), CardCipher.EncryptEcb(CardAlgorithm.Des3, Key16, data));
    }

    [Fact]
    public void EncryptEcb_dispatches_Sm4_to_SM4()
    {
        Assert.Equal(
            Convert.FromHexString("681EDF34D206965E86B3E94F536E4246"),
            CardCipher.EncryptEcb(CardAlgorithm.Sm4, Key16, Key16));
    }

    [Theory]
    [InlineData(CardAlgorithm.Des3)]
    [InlineData(CardAlgorithm.Sm4)]
    public void DecryptEcb_inverts_EncryptEcb(CardAlgorithm algorithm)
    {
        var data = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();

        var cipher = CardCipher.EncryptEcb(algorithm, Key16, data);

        Assert.NotEqual(data, cipher);
        Assert.Equal(data, CardCipher.DecryptEcb(algorithm, Key16, cipher));
    }

    [Fact]
    public void Mac_for_Des3_is_the_8_byte_retail_MAC()
    {
        var iv = new byte[8];
        var data = Convert.FromHexString("84240001");

        var mac = CardCipher.Mac(CardAlgorithm.Des3, Key16, iv, data);

        Assert.Equal(TripleDes.RetailMac(Key16, iv, data), mac);
        Assert.Equal(8, mac.Length);
    }

    [Fact]
    public void Mac_for_Sm4_is_the_16_byte_SM4_CBC_MAC()
    {
        var iv = new byte[16];
        var data = Convert.FromHexString("84240001");

        var mac = CardCipher.Mac(CardAlgorithm.Sm4, Key16, iv, data);

        Assert.Equal(Sm4.Mac(Key16, iv, data), mac);
        Assert.Equal(16, mac.Length);
    }

    [Fact]
    public void Ssf33_is_reported_as_not_supported_by_every_operation()
    {
        var data = new byte[16];

        Assert.Equal(CardAlgorithm.Ssf33, Assert.Throws<CryptoNotSupportedException>(() => CardCipher.BlockSize(CardAlgorithm.Ssf33)).Algorithm);
        Assert.Throws<CryptoNotSupportedException>(() => CardCipher.EncryptEcb(CardAlgorithm.Ssf33, Key16, data));
        Assert.Throws<CryptoNotSupportedException>(() => CardCipher.DecryptEcb(CardAlgorithm.Ssf33, Key16, data));
        Assert.Throws<CryptoNotSupportedException>(() => CardCipher.Mac(CardAlgorithm.Ssf33, Key16, data, data));
    }

    [Fact]
    public void An_undefined_FCI_algorithm_byte_is_reported_as_not_supported()
    {
        var error = Assert.Throws<CryptoNotSupportedException>(() => CardCipher.BlockSize((CardAlgorithm)0x07));

        Assert.Contains("0x07", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 8, "8000000000000000")]
    [InlineData("01020304", 8, "0102030480000000")]
    [InlineData("01020304050607", 8, "0102030405060780")]
    [InlineData("0102030405060708", 8, "01020304050607088000000000000000")]
    [InlineData("0102030405060708", 16, "01020304050607088000000000000000")]
    public void Pad80_appends_80_then_zeros_to_the_next_block_boundary(string dataHex, int blockSize, string expectedHex)
    {
        Assert.Equal(Convert.FromHexString(expectedHex), CardCipher.Pad80(Convert.FromHexString(dataHex), blockSize));
    }

    [Fact]
    public void Pad80_rejects_a_zero_block_size()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CardCipher.Pad80([1], 0));
    }
}
