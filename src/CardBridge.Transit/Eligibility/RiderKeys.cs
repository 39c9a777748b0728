using System.Security.Cryptography;
using System.Text;

namespace CardBridge.Transit.Eligibility;

/// <summary>
/// How a rider is named in the rider lists: never by the card number, SSN or account id itself but by
/// HMAC-SHA256 under the list key (shared by the list publisher and the gates, <see cref="TransitOptions.ListKey"/>),
/// over a domain prefix and the identifier (<c>card:SIM000001</c>, <c>ssn:…</c>, <c>account:…</c>), as lower-case hex.
/// A stolen list file therefore names nobody without the key, and the same person's card and account do not collide.
/// </summary>
public sealed class RiderKeys
{
    private readonly byte[] _key;

    /// <summary>Creates the keyer with the list key (at least 32 bytes).</summary>
    public RiderKeys(ReadOnlySpan<byte> key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The rider list key must be at least 32 bytes.", nameof(key));
        }
        _key = key.ToArray();
    }

    /// <summary>The list entry of a social security card number (EF05 tag 07).</summary>
    public string Card(string cardNumber) => Entry("card:", cardNumber);

    /// <summary>The list entry of a social security number (EF06 tag 08).</summary>
    public string Ssn(string ssn) => Entry("ssn:", ssn);

    /// <summary>The list entry of a transit QR account id.</summary>
    public string Account(string accountId) => Entry("account:", accountId);

    private string Entry(string domain, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(domain + value.Trim())));
    }
}
