using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace CardBridge.Cli.Client;

/// <summary>
/// One gRPC channel to the service for one command, with the API key attached to every call. http:// endpoints
/// speak HTTP/2 in plaintext (h2c); https:// endpoints can trust a private CA and present a client certificate.
/// </summary>
internal sealed class ServiceConnection(GrpcChannel channel, CallInvoker invoker, X509Certificate2? caCert, X509Certificate2? clientCert, TimeSpan callTimeout)
    : IDisposable
{
    /// <summary>What the generated clients are built on.</summary>
    public CallInvoker Invoker { get; } = invoker;

    /// <summary>
    /// Opens the channel (no network traffic yet: the first call connects). Throws <see cref="IOException"/> or
    /// <see cref="System.Security.Cryptography.CryptographicException"/> when a TLS file cannot be loaded, and
    /// <see cref="UriFormatException"/> for a malformed endpoint.
    /// </summary>
    public static ServiceConnection Open(ConnectionSettings settings)
    {
        var address = new Uri(settings.Endpoint, UriKind.Absolute);
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new UriFormatException($"endpoint '{settings.Endpoint}' is neither http:// nor https://");
        }
        var caCert = settings.CaCertFile is null ? null : X509CertificateLoader.LoadCertificateFromFile(settings.CaCertFile);
        X509Certificate2? clientCert = null;
        try
        {
            if (settings.ClientCertFile is not null && settings.ClientKeyFile is not null)
            {
                using var pem = X509Certificate2.CreateFromPemFile(settings.ClientCertFile, settings.ClientKeyFile);
                // SslStream on Windows cannot use the ephemeral key of a PEM import; a PKCS#12 round trip fixes that.
                clientCert = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
            var handler = new SocketsHttpHandler();
            if (caCert is not null)
            {
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    TrustedByCa(certificate, errors, caCert);
            }
            if (clientCert is not null)
            {
                handler.SslOptions.ClientCertificates = [clientCert];
            }
            var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
            var invoker = settings.ApiKey is null
                ? channel.CreateCallInvoker()
                : channel.Intercept(metadata =>
                {
                    metadata.Add("authorization", $"Bearer {settings.ApiKey}");
                    return metadata;
                });
            return new ServiceConnection(channel, invoker, caCert, clientCert, settings.CallTimeout);
        }
        catch
        {
            caCert?.Dispose();
            clientCert?.Dispose();
            throw;
        }
    }

    /// <summary>Options of a unary call: the --timeout deadline and the command's cancellation.</summary>
    public CallOptions Unary(CancellationToken cancellationToken) =>
        new(deadline: DateTime.UtcNow + callTimeout, cancellationToken: cancellationToken);

    /// <summary>Options of a call with its own deadline (AwaitCredential waits longer than a unary call).</summary>
    public static CallOptions Within(TimeSpan deadline, CancellationToken cancellationToken) =>
        new(deadline: DateTime.UtcNow + deadline, cancellationToken: cancellationToken);

    /// <summary>Options of a stream that lasts until cancelled: no deadline.</summary>
    public static CallOptions Streaming(CancellationToken cancellationToken) => new(cancellationToken: cancellationToken);

    public void Dispose()
    {
        channel.Dispose();
        caCert?.Dispose();
        clientCert?.Dispose();
    }

    private static bool TrustedByCa(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 ca)
    {
        if (certificate is not X509Certificate2 server || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
