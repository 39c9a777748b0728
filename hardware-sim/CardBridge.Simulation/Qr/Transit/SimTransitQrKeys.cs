using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CardBridge.Crypto;

namespace CardBridge.Simulation.Qr.Transit;

/// <summary>
/// A FAKE transit code key set for the simulator and tests: a root CA the terminal trusts, a root it does not trust,
/// an issuer certified by the root, a forged issuer key no root certified, and one holder (user) key. Every key is
/// derived from a seed, so the same seed always gives the same keys; none of them belongs to any real scheme.
/// </summary>
public sealed class SimTransitQrKeys
{
    /// <summary>The seed of <see cref="Default"/>.</summary>
    public const string DefaultSeed = "cardbridge-sim FAKE transit QR keys";

    private SimTransitQrKeys(string seed)
    {
        Root = Derive(seed, "root");
        UntrustedRoot = Derive(seed, "untrusted-root");
        Issuer = Derive(seed, "issuer");
        ForgedIssuer = Derive(seed, "forged-issuer");
        User = Derive(seed, "user");
    }

    /// <summary>The key set of <see cref="DefaultSeed"/>, the one <c>cardbridge-sim qr-code transit</c> uses.</summary>
    public static SimTransitQrKeys Default { get; } = new(DefaultSeed);

    /// <summary>The key set derived from <paramref name="seed"/>.</summary>
    public static SimTransitQrKeys FromSeed(string seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(seed);
        return new SimTransitQrKeys(seed);
    }

    /// <summary>Index of <see cref="Root"/>, the root a terminal is configured to trust.</summary>
    public const byte RootIndex = 1;

    /// <summary>The trusted root CA key.</summary>
    public Sm2KeyPair Root { get; }

    /// <summary>Index codes signed by <see cref="UntrustedRoot"/> name; a terminal has no key for it.</summary>
    public const byte UntrustedRootIndex = 0x7E;

    /// <summary>A root CA key no terminal trusts.</summary>
    public Sm2KeyPair UntrustedRoot { get; }

    /// <summary>The issuer's id (0x99… like the simulator's fake region codes).</summary>
    public const uint IssuerId = 0x9900_0001;

    /// <summary>The issuer key the root certifies.</summary>
    public Sm2KeyPair Issuer { get; }

    /// <summary>An issuer key no root certified (for forged issuer certificates).</summary>
    public Sm2KeyPair ForgedIssuer { get; }

    /// <summary>The holder device's key the issuer authorises.</summary>
    public Sm2KeyPair User { get; }

    /// <summary>The roots a terminal should trust, index → compressed public key in hex (the verifier's configuration).</summary>
    public IReadOnlyDictionary<byte, string> TrustedRootPublicKeys =>
        new Dictionary<byte, string> { [RootIndex] = Convert.ToHexString(Root.CompressedPublicKey.Span) };

    // SHA-256(seed ‖ 0 ‖ label ‖ counter) until the value is a valid SM2 private scalar (almost always the first try).
    private static Sm2KeyPair Derive(string seed, string label)
    {
        for (var counter = 0; ; counter++)
        {
            var material = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}\0{label}\0{counter}")));
            try
            {
                return Sm2.KeyPairFromPrivateKey(material);
            }
            catch (ArgumentException)
            {
                // Out of [1, n-2]: take the next counter.
            }
        }
    }
}
