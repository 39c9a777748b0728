using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CardBridge.Service.Tests.Security;

/// <summary>A throw-away CA, a server certificate for 127.0.0.1, a client certificate from the CA and a self-signed stranger.</summary>
internal sealed class TestPki : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly ECDsa _serverKey;

    private TestPki(X509Certificate2 ca, X509Certificate2 server, ECDsa serverKey, X509Certificate2 client, X509Certificate2 stranger)
    {
        Ca = ca;
        Server = server;
        _serverKey = serverKey;
        Client = client;
        Stranger = stranger;
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public X509Certificate2 Stranger { get; }

    public static TestPki Create()
    {
        var from = DateTimeOffset.UtcNow.AddDays(-1);
        var until = DateTimeOffset.UtcNow.AddDays(1);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=CardBridge Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(from, until);

        var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = Leaf("CN=127.0.0.1", serverKey, ServerAuth);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(san.Build());
        using var serverPublic = serverRequest.Create(ca, from, until, [1]);
        var server = serverPublic.CopyWithPrivateKey(serverKey);

        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var clientPublic = Leaf("CN=his-client", clientKey, ClientAuth).Create(ca, from, until, [2]);
        var client = clientPublic.CopyWithPrivateKey(clientKey);

        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var stranger = Leaf("CN=his-client", strangerKey, ClientAuth).CreateSelfSigned(from, until);
        return new TestPki(ca, server, serverKey, client, stranger);
    }

    /// <summary>Writes server.pem, server.key and ca.pem into <paramref name="directory"/> and answers their paths.</summary>
    public (string Certificate, string Key, string Ca) WritePem(string directory)
    {
        var paths = (Path.Combine(directory, "server.pem"), Path.Combine(directory, "server.key"), Path.Combine(directory, "ca.pem"));
        File.WriteAllText(paths.Item1, Server.ExportCertificatePem());
        File.WriteAllText(paths.Item2, _serverKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(paths.Item3, Ca.ExportCertificatePem());
        return paths;
    }

    /// <summary>True when <paramref name="certificate"/> chains to this CA (what a client trusting only it would check).</summary>
    public bool Issued(X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(presented);
    }

    /// <summary>SHA-256 thumbprint in hex, as Security:Clients:n:CertificateThumbprints takes it.</summary>
    public static string Thumbprint(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.RawData));

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        _serverKey.Dispose();
        Client.Dispose();
        Stranger.Dispose();
    }

    private static CertificateRequest Leaf(string subject, ECDsa key, Oid usage)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        return request;
    }
}
