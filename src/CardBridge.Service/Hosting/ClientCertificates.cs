using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CardBridge.Service.Hosting;

/// <summary>Which client certificates a TLS listener accepts: those chaining to its configured client CA.</summary>
internal static class ClientCertificates
{
    public static bool ChainsTo(X509Certificate2 client, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // id-kp-clientAuth: a server certificate of the same CA is no client credential.
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(client);
    }
}
