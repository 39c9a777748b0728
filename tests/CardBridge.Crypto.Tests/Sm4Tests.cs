namespace CardBridge.Crypto.Tests;

public class Sm4Tests
{
    private static readonly byte[] StandardKey = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");

    [Fact]
    public void EncryptEcb_matches_GB_T_32907_example_1()
    {
        var cipher = Sm4.EncryptEcb(StandardKey, StandardKey);

        Assert.Equal(Convert.FromHexString("681EDF34D206965E86B3E94F536E4246"), cipher);
    }

    [Fact]
    public void DecryptEcb_inverts_GB_T_32907_example_1()
    {
        var plain = Sm4.DecryptEcb(StandardKey, Convert.FromHexString("681EDF34D206965E86B3E94F536E4246"));

        Assert.Equal(StandardKey, plain);
    }

    [Fact]
    public void EncryptEcb_iterated_one_million_times_matches_GB_T_32907_example_2()
    {
        var block = StandardKey;
        for (var i = 0; i < 1_000_000; i++)
        {
            block = Sm4.EncryptEcb(StandardKey, block);
        }

        Assert.Equal(Convert.FromHexString("595298C7C6FD271F0402F804C33D3F66"), block);
    }

    [Fact]
    public void EncryptCbc_matches_the_draft_ribose_cfrg_sm4_CBC_example()
    {
        var iv = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");
        var plain = Convert.FromHexString("AAAAAAAABBBBBBBBCCCCCCCCDDDDDDDDEEEEEEEEFFFFFFFFAAAAAAAABBBBBBBB");

        var cipher = Sm4.EncryptCbc(StandardKey, iv, plain);

        Assert.Equal(Convert.FromHexString("78EBB11CC40B0A48312AAEB2040244CB4CB7016951909226979B0D15DC6A8F6D"), cipher);
        Assert.Equal(plain, Sm4.DecryptCbc(StandardKey, iv, cipher));
    }

    [Fact]
    public void Mac_is_the_last_block_of_a_CBC_chain_over_80_padded_data()
    {
        var iv = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");
        var data = Convert.FromHexString("04D6810004112233");

        var mac = Sm4.Mac(StandardKey, iv, data);

        var padded = Convert.FromHexString("04D68100041122338000000000000000");
        var expected = Sm4.EncryptEcb(StandardKey, Xor(iv, padded[..16]));
        Assert.Equal(expected, mac);
    }

    [Fact]
    public void Mac_adds_a_full_padding_block_to_aligned_data()
    {
        var iv = new byte[16];
        var data = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

        var mac = Sm4.Mac(StandardKey, iv, data);

        var first = Sm4.EncryptEcb(StandardKey, data);
        var padBlock = Convert.FromHexString("80000000000000000000000000000000");
        Assert.Equal(Sm4.EncryptEcb(StandardKey, Xor(first, padBlock)), mac);
    }

    [Fact]
    public void EncryptEcb_rejects_a_key_that_is_not_16_bytes()
    {
        var error = Assert.Throws<ArgumentException>(() => Sm4.EncryptEcb(new byte[8], new byte[16]));

        Assert.Equal("key", error.ParamName);
    }

    [Fact]
    public void EncryptEcb_rejects_data_that_is_not_whole_blocks()
    {
        var error = Assert.Throws<ArgumentException>(() => Sm4.EncryptEcb(StandardKey, new byte[15]));

        Assert.Equal("data", error.ParamName);
    }

    [Fact]
    public void Mac_rejects_an_8_byte_iv()
    {
        var error = Assert.Throws<ArgumentException>(() => Sm4.Mac(StandardKey, new byte[8], new byte[3]));

        Assert.Equal("iv", error.ParamName);
    }

    private static byte[] Xor(byte[] a, byte[] b) => a.Zip(b, (x, y) => (byte)(x ^ y)).ToArray();
}
