using System.Text;

namespace CardBridge.Crypto.Tests;

public class Sm3Tests
{
    [Fact]
    public void Hash_of_abc_matches_GB_T_32905_example_1()
    {
        var digest = Sm3.Hash("abc"u8);

        Assert.Equal(Convert.FromHexString("66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0"), digest);
    }

    [Fact]
    public void Hash_of_abcd_repeated_16_times_matches_GB_T_32905_example_2()
    {
        var message = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcd", 16)));

        var digest = Sm3.Hash(message);

        Assert.Equal(Convert.FromHexString("DEBE9FF92275B8A138604889C18E5A4D6FDB70E5387E5765293DCBA39C0C5732"), digest);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(100)]
    public void Hmac_equals_the_RFC_2104_construction_over_Sm3(int keyLength)
    {
        var key = Enumerable.Range(1, keyLength).Select(i => (byte)i).ToArray();
        var data = "社会保障卡 SIM0000001"u8.ToArray();

        var mac = Sm3.Hmac(key, data);

        Assert.Equal(Rfc2104Hmac(key, data), mac);
    }

    [Fact]
    public void Hmac_changes_with_the_key()
    {
        var data = "payload"u8.ToArray();

        Assert.NotEqual(Sm3.Hmac("key-a"u8, data), Sm3.Hmac("key-b"u8, data));
    }

    // HMAC(K, m) = H((K0 ^ opad) ‖ H((K0 ^ ipad) ‖ m)), SM3 block size 64.
    private static byte[] Rfc2104Hmac(byte[] key, byte[] data)
    {
        const int blockSize = 64;
        var k0 = new byte[blockSize];
        (key.Length > blockSize ? Sm3.Hash(key) : key).CopyTo(k0, 0);
        var inner = k0.Select(b => (byte)(b ^ 0x36)).Concat(data).ToArray();
        var outer = k0.Select(b => (byte)(b ^ 0x5C)).Concat(Sm3.Hash(inner)).ToArray();
        return Sm3.Hash(outer);
    }
}
