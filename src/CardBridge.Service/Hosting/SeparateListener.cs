using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace CardBridge.Service.Hosting;

/// <summary>
/// An HTTP listener kept apart from the gRPC ones (admin, web): its connections are marked when accepted, so the
/// pipeline knows which listener a request came in on. HTTP/1.1 in plaintext; with a certificate also HTTP/2, chosen by
/// ALPN as browsers do, and with a client CA it accepts client certificates chaining to it (mTLS).
/// </summary>
internal static class SeparateListener
{
    public static void Listen(
        KestrelServerOptions kestrel, IPAddress address, int port, string marker, BoundAddress bound, X509Certificate2? certificate,
        X509Certificate2? clientCa = null)
    {
        kestrel.Listen(address, port, listen =>
        {
            listen.Use(next => connection =>
            {
                connection.Items[marker] = true;
                return next(connection);
            });
            bound.Bound(listen, certificate is not null);
            if (certificate is not null)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    if (clientCa is not null)
                    {
                        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                        https.ClientCertificateValidation = (client, _, _) => PeerCertificates.ChainsTo(client, clientCa);
                    }
                });
            }
            else
            {
                listen.Protocols = HttpProtocols.Http1;
            }
        });
    }

    /// <summary>True when the request arrived on the listener marked <paramref name="marker"/>.</summary>
    public static bool IsMarked(HttpContext http, string marker) =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(marker) == true;
}
