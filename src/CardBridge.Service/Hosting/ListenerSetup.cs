using System.Net;
using System.Security.Cryptography.X509Certificates;
using CardBridge.Service.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace CardBridge.Service.Hosting;

/// <summary>
/// The gRPC listeners (section <c>Listeners</c>): plaintext HTTP/2 on loopback, and TLS listeners that accept client
/// certificates chaining to their client CA (mTLS). The admin listener is Observability's.
/// </summary>
internal static class ListenerSetup
{
    public static void Add(WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ListenerOptions, ListenerOptionsValidator>(ListenerOptions.Section);
        var listeners = builder.Configuration.GetSection(ListenerOptions.Section).Get<ListenerOptions>() ?? new ListenerOptions();
        builder.WebHost.ConfigureKestrel(kestrel => Listen(kestrel, listeners));
    }

    private static void Listen(KestrelServerOptions kestrel, ListenerOptions listeners)
    {
        // No body limit of Kestrel's own: it raced gRPC's MaxReceiveMessageSize and turned RESOURCE_EXHAUSTED into UNKNOWN.
        // gRPC refuses an oversized message from its length prefix, and HTTP/2 flow control bounds what is buffered.
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.Limits.Http2.MaxStreamsPerConnection = 256;
        if (listeners.LoopbackPort is >= 0 and <= 65535)
        {
            kestrel.Listen(IPAddress.Loopback, listeners.LoopbackPort, l => l.Protocols = HttpProtocols.Http2);
        }
        foreach (var tls in listeners.Tls)
        {
            if (!IPAddress.TryParse(tls.Address, out var address) || tls.Port is < 0 or > 65535 || !File.Exists(tls.CertificatePath) || !File.Exists(tls.KeyPath))
            {
                continue; // validation at start names the fault and stops the host
            }
            var certificate = PemCertificate.Load(tls.CertificatePath, tls.KeyPath);
            var clientCa = tls.ClientCaPath is { } caPath && File.Exists(caPath) ? X509CertificateLoader.LoadCertificateFromFile(caPath) : null;
            kestrel.Listen(address, tls.Port, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                l.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    if (clientCa is not null)
                    {
                        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                        https.ClientCertificateValidation = (client, _, _) => PeerCertificates.ChainsTo(client, clientCa);
                    }
                });
            });
        }
    }
}
