using System.Security.Cryptography.X509Certificates;

namespace CardBridge.Service.Hosting;

/// <summary>A server certificate from PEM files, usable by Kestrel on every platform.</summary>
internal static class PemCertificate
{
    public static X509Certificate2 Load(string certificatePath, string keyPath)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }
        // SChannel cannot use the ephemeral key a PEM import gives; a PKCS#12 round trip persists it for the process.
        using var ephemeral = certificate;
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }
}
