using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CardBridge.Terminal.Hsm;

namespace CardBridge.Service.Hosting;

/// <summary>
/// The HTTP handler of the HSM platform's client: the client certificate the platform asks for
/// (<c>Hsm:ClientCertificatePath</c> / <c>ClientKeyPath</c>) and, for a platform on a private PKI, the one CA its server
/// certificate must chain to (<c>Hsm:ServerCaPath</c>).
/// </summary>
internal static class HsmHttpHandler
{
    public static SocketsHttpHandler Create(HsmOptions options)
    {
        var handler = new SocketsHttpHandler();
        if (!string.IsNullOrWhiteSpace(options.ClientCertificatePath) && !string.IsNullOrWhiteSpace(options.ClientKeyPath))
        {
            handler.SslOptions.ClientCertificates = [PemCertificate.Load(options.ClientCertificatePath, options.ClientKeyPath)];
        }
        if (!string.IsNullOrWhiteSpace(options.ServerCaPath))
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(options.ServerCaPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(ca, certificate, errors);
        }
        return handler;
    }

    // Only a chain to the configured CA stands in for the system's trust; a name mismatch is never forgiven.
    private static bool TrustedBy(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors) =>
        certificate is X509Certificate2 server
        && (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0
        && PeerCertificates.ServerChainsTo(server, ca);
}
