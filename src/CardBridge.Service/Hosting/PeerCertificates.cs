using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CardBridge.Service.Hosting;

/// <summary>
/// Which peer certificates a TLS connection accepts when one private CA is configured for it: those chaining to that CA
/// with the extended key usage of their side — a TLS listener's clients (<see cref="ChainsTo"/>), and the HSM
/// platform's server (<see cref="ServerChainsTo"/>).
/// </summary>
internal static class PeerCertificates
{
    // id-kp-clientAuth, id-kp-serverAuth (RFC 5280 §4.2.1.12): a certificate of one side is no credential of the other.
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    public static bool ChainsTo(X509Certificate2 client, X509Certificate2 ca) => Chains(client, ca, ClientAuth);

    public static bool ServerChainsTo(X509Certificate2 server, X509Certificate2 ca) => Chains(server, ca, ServerAuth);

    private static bool Chains(X509Certificate2 certificate, X509Certificate2 ca, string usage)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usage));
        return chain.Build(certificate);
    }
}
