using System.Security.Cryptography;
using System.Text;
using CardBridge.Service.Configuration;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Security;

/// <summary>
/// The pseudonymous holder id <c>identity.basic</c> callers get instead of the SSN: HMAC-SHA256 under the
/// deployment's key, so it is stable for one person here, unlinkable across deployments, and not reversible
/// without the key (an SSN has too little entropy for a plain hash).
/// </summary>
internal sealed class HolderPseudonym
{
    private readonly byte[] _key;

    public HolderPseudonym(IOptions<SecurityOptions> options)
    {
        _key = Convert.FromBase64String(options.Value.PseudonymKey
            ?? throw new InvalidOperationException("Security:PseudonymKey is not set"));
    }

    /// <summary>64 lower-case hex digits.</summary>
    public string Of(string ssn) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("cardbridge holder v1\n" + ssn.ToUpperInvariant())));
}
