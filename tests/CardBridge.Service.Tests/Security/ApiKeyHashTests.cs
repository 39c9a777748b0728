using System.Security.Cryptography;
using CardBridge.Service.Security;

namespace CardBridge.Service.Tests.Security;

public sealed class ApiKeyHashTests
{
    [Fact]
    public void Created_key_matches_its_stored_hash_and_nothing_else()
    {
        var (key, stored) = ApiKeyHash.Create();

        Assert.True(ApiKeyHash.TryParse(stored, out var hash));
        Assert.True(hash.Matches(key));
        Assert.False(hash.Matches(key[..^1]));
        Assert.False(hash.Matches(key + "x"));
        Assert.False(hash.Matches(""));
        Assert.False(hash.Matches(ApiKeyHash.Create().Key));
    }

    [Fact]
    public void Created_keys_never_start_with_a_dash_that_a_command_line_would_take_for_an_option()
    {
        // One key in 64 would start with '-' by chance: 2000 keys without one cannot happen by luck.
        var keys = Enumerable.Range(0, 2000).Select(_ => ApiKeyHash.Create().Key).ToList();

        Assert.DoesNotContain(keys, key => key.StartsWith('-'));
        Assert.Contains(keys, key => key.StartsWith('_'));
    }

    [Fact]
    public void Created_key_is_256_bits_base64url_and_the_stored_line_does_not_contain_it()
    {
        var (key, stored) = ApiKeyHash.Create();

        Assert.Equal(43, key.Length);
        Assert.All(key, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not base64url"));
        Assert.DoesNotContain(key, stored, StringComparison.Ordinal);
        Assert.StartsWith("sha256$", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_key_hashed_twice_gets_different_salts()
    {
        var (_, first) = ApiKeyHash.Create();
        var (_, second) = ApiKeyHash.Create();

        Assert.NotEqual(first.Split('$')[1], second.Split('$')[1]);
    }

    [Fact]
    public void Tampered_hash_or_salt_no_longer_matches_the_key()
    {
        var (key, stored) = ApiKeyHash.Create();
        var parts = stored.Split('$');
        var digest = Convert.FromBase64String(parts[2]);
        digest[0] ^= 0x01;
        var salt = Convert.FromBase64String(parts[1]);
        salt[^1] ^= 0x80;

        Assert.True(ApiKeyHash.TryParse($"sha256${parts[1]}${Convert.ToBase64String(digest)}", out var tamperedHash));
        Assert.False(tamperedHash.Matches(key));
        Assert.True(ApiKeyHash.TryParse($"sha256${Convert.ToBase64String(salt)}${parts[2]}", out var tamperedSalt));
        Assert.False(tamperedSalt.Matches(key));
    }

    public static TheoryData<string> BadLines()
    {
        var salt = Convert.ToBase64String(new byte[16]);
        var digest = Convert.ToBase64String(new byte[SHA256.HashSizeInBytes]);
        return new TheoryData<string>
        {
            "",
            "sha256",
            "sha256$",
            "sha256$$",
            $"sha256${salt}",
            $"sha256${salt}${digest}$extra",
            $"md5${salt}${digest}",
            $"SHA256${salt}${digest}",
            $"sha256$not base64!${digest}",
            $"sha256${salt}$not base64!",
            $"sha256${Convert.ToBase64String(new byte[7])}${digest}",
            $"sha256${salt}${Convert.ToBase64String(new byte[31])}",
            $"sha256${salt}${Convert.ToBase64String(new byte[33])}",
            "the-api-key-itself-pasted-by-mistake",
        };
    }

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Malformed_stored_line_is_rejected(string stored)
    {
        Assert.False(ApiKeyHash.TryParse(stored, out var hash));
        Assert.Null(hash);
    }

    [Fact]
    public void Well_formed_line_of_known_values_parses_and_matches_its_key()
    {
        var salt = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");
        const string key = "synthetic-test-key";
        var digest = SHA256.HashData([.. salt, .. "synthetic-test-key"u8]);

        Assert.True(ApiKeyHash.TryParse($"sha256${Convert.ToBase64String(salt)}${Convert.ToBase64String(digest)}", out var hash));
        Assert.True(hash.Matches(key));
    }
}
