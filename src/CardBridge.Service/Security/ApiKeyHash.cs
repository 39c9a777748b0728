using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace CardBridge.Service.Security;

/// <summary>
/// A stored API key: <c>sha256$salt$hash</c> (base64), hash = SHA-256(salt ‖ key). API keys are 256-bit random
/// values, so a fast salted hash is enough: there is no dictionary to run against it, and a slow KDF would cost
/// every call its latency.
/// </summary>
internal sealed class ApiKeyHash
{
    private const string Scheme = "sha256";
    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private ApiKeyHash(byte[] salt, byte[] hash)
    {
        _salt = salt;
        _hash = hash;
    }

    /// <summary>
    /// A new random API key (base64url, 43 characters) and the line to store for it. The key never starts with '-', so
    /// a command line (<c>--api-key KEY</c>, Python's argparse, the CLI) takes it as a value, not as an option.
    /// </summary>
    public static (string Key, string Stored) Create()
    {
        string key;
        do
        {
            key = Base64Url(RandomNumberGenerator.GetBytes(KeyBytes));
        }
        while (key[0] == '-');
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return (key, $"{Scheme}${Convert.ToBase64String(salt)}${Convert.ToBase64String(Hash(salt, key))}");
    }

    public static bool TryParse(string stored, [NotNullWhen(true)] out ApiKeyHash? hash)
    {
        hash = null;
        var parts = stored.Split('$');
        if (parts.Length != 3 || parts[0] != Scheme)
        {
            return false;
        }
        try
        {
            var salt = Convert.FromBase64String(parts[1]);
            var digest = Convert.FromBase64String(parts[2]);
            if (salt.Length < 8 || digest.Length != SHA256.HashSizeInBytes)
            {
                return false;
            }
            hash = new ApiKeyHash(salt, digest);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public bool Matches(string key) => CryptographicOperations.FixedTimeEquals(Hash(_salt, key), _hash);

    private static byte[] Hash(byte[] salt, string key)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var input = new byte[salt.Length + keyBytes.Length];
        salt.CopyTo(input, 0);
        keyBytes.CopyTo(input, salt.Length);
        return SHA256.HashData(input);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
