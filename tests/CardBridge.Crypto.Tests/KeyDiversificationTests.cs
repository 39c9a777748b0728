namespace CardBridge.Crypto.Tests;

public class KeyDiversificationTests
{
    private static readonly byte[] MasterKey = Convert.FromHexString("404142434445464748494A4B4C4D4E4F");
    private static readonly byte[] Factor = Convert.FromHexString("3130303030303031");
    private static readonly byte[] NotFactor = Convert.FromHexString("CECFCFCFCFCFCFCE");

    [Theory]
    [InlineData(CardAlgorithm.Des3)]
    [InlineData(CardAlgorithm.Sm4)]
    public void Diversify_is_deterministic_and_16_bytes(CardAlgorithm algorithm)
    {
        var first = KeyDiversification.Diversify(algorithm, MasterKey, Factor);
        var second = KeyDiversification.Diversify(algorithm, MasterKey, Factor);

        Assert.Equal(first, second);
        Assert.Equal(16, first.Length);
    }

    [Theory]
    [InlineData(CardAlgorithm.Des3)]
    [InlineData(CardAlgorithm.Sm4)]
    public void Diversify_gives_distinct_keys_for_distinct_factors(CardAlgorithm algorithm)
    {
        var keys = Enumerable.Range(0, 64)
            .Select(i => Convert.ToHexString(KeyDiversification.Diversify(algorithm, MasterKey, BitConverter.GetBytes((long)i))))
            .ToHashSet();

        Assert.Equal(64, keys.Count);
    }

    [Fact]
    public void Des3_halves_are_3DES_of_the_factor_and_of_its_complement()
    {
        var key = KeyDiversification.Diversify(CardAlgorithm.Des3, MasterKey, Factor);

        Assert.Equal(TripleDes.EncryptEcb(MasterKey, Factor), key[..8]);
        Assert.Equal(TripleDes.EncryptEcb(MasterKey, NotFactor), key[8..]);
    }

    [Fact]
    public void Sm4_key_is_SM4_of_the_factor_followed_by_its_complement()
    {
        var key = KeyDiversification.Diversify(CardAlgorithm.Sm4, MasterKey, Factor);

        Assert.Equal(Sm4.EncryptEcb(MasterKey, [.. Factor, .. NotFactor]), key);
    }

    [Theory]
    [InlineData(CardAlgorithm.Des3)]
    [InlineData(CardAlgorithm.Sm4)]
    public void Multi_level_diversification_applies_each_factor_in_order(CardAlgorithm algorithm)
    {
        var region = "430100sx"u8.ToArray();

        var key = KeyDiversification.Diversify(algorithm, MasterKey, [Factor, region]);

        var expected = KeyDiversification.Diversify(algorithm, KeyDiversification.Diversify(algorithm, MasterKey, Factor), region);
        Assert.Equal(expected, key);
        Assert.NotEqual(KeyDiversification.Diversify(algorithm, MasterKey, [region, Factor]), key);
    }

    [Fact]
    public void Multi_level_diversification_requires_a_factor()
    {
        var error = Assert.Throws<ArgumentException>(() => KeyDiversification.Diversify(CardAlgorithm.Sm4, MasterKey, Array.Empty<ReadOnlyMemory<byte>>()));

        Assert.Equal("factors", error.ParamName);
    }

    [Fact]
    public void Diversify_rejects_a_factor_that_is_not_8_bytes()
    {
        var error = Assert.Throws<ArgumentException>(() => KeyDiversification.Diversify(CardAlgorithm.Des3, MasterKey, new byte[16]));

        Assert.Equal("factor8", error.ParamName);
    }

    [Fact]
    public void Diversify_with_Ssf33_is_not_supported()
    {
        Assert.Throws<CryptoNotSupportedException>(() => KeyDiversification.Diversify(CardAlgorithm.Ssf33, MasterKey, Factor));
    }

    [Theory]
    [InlineData(CardAlgorithm.Des3)]
    [InlineData(CardAlgorithm.Sm4)]
    public void SessionKey_uses_the_random_and_its_complement_as_documented(CardAlgorithm algorithm)
    {
        var random = Convert.FromHexString("A1B2C3D4E5F60718");
        var complement = random.Select(b => (byte)~b).ToArray();

        var session = KeyDiversification.SessionKey(algorithm, MasterKey, random);

        var expected = algorithm == CardAlgorithm.Des3
            ? [.. TripleDes.EncryptEcb(MasterKey, random), .. TripleDes.EncryptEcb(MasterKey, complement)]
            : Sm4.EncryptEcb(MasterKey, [.. random, .. complement]);
        Assert.Equal(expected, session);
    }

    [Fact]
    public void SessionKey_rejects_a_4_byte_random()
    {
        var error = Assert.Throws<ArgumentException>(() => KeyDiversification.SessionKey(CardAlgorithm.Sm4, MasterKey, new byte[4]));

        Assert.Equal("random8", error.ParamName);
    }
}
