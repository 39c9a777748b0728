using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CardBridge.Service.Tests.Security;

namespace CardBridge.Service.Tests.Web;

/// <summary>The web listener over HTTPS: HTTP/2 by ALPN, client certificates checked as on the gRPC TLS listeners.</summary>
public sealed class WebTlsTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create();
    private readonly string _directory = Directory.CreateTempSubdirectory("cardbridge-web-tls-").FullName;

    public void Dispose()
    {
        _pki.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<WebRig> StartAsync()
    {
        var (certificate, key, ca) = _pki.WritePem(_directory);
        return await WebRig.StartAsync(
        [
            // Local callers (plaintext loopback only) may read identities; the listed origin's identity.basic needs that.
            .. ApiKeyClient.NoLocalScopes,
            ("Security:LocalScopes:0", "identity.basic"),
            ("Listeners:Web:CertificatePath", certificate),
            ("Listeners:Web:KeyPath", key),
            ("Listeners:Web:ClientCaPath", ca),
            ("Security:Clients:0:Id", "kiosk"),
            ("Security:Clients:0:Scopes:0", "identity.basic"),
            ("Security:Clients:0:CertificateThumbprints:0", TestPki.Thumbprint(_pki.Client)),
        ]);
    }

    private HttpClient Client(WebRig web, X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, server, _, _) => server is not null && _pki.Issued(server),
                ClientCertificates = certificate is null ? null : [certificate],
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = web.Rig.WebAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
    }

    [Fact]
    public async Task A_known_client_certificate_is_its_client_and_no_certificate_is_no_one()
    {
        await using var web = await StartAsync();
        using var known = Client(web, _pki.Client);
        using var stranger = Client(web, _pki.Stranger);
        using var anonymous = Client(web, null);

        using var answered = await known.GetAsync(new Uri("/v1/readers", UriKind.Relative));
        using var unknown = await stranger.GetAsync(new Uri("/v1/readers", UriKind.Relative)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null);
        using var refused = await anonymous.GetAsync(new Uri("/v1/readers", UriKind.Relative));

        Assert.Equal(Uri.UriSchemeHttps, web.Rig.WebAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(HttpVersion.Version20, answered.Version);
        // A certificate from another CA fails the handshake or, accepted by TLS 1.3 before the check, the request.
        Assert.True(unknown is null || unknown.StatusCode == HttpStatusCode.Unauthorized, $"{unknown?.StatusCode}");
        // TLS is not the plaintext loopback listener: a caller without credential is no local caller.
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(web.AuditOf("/cardbridge.v1.ReaderService/ListReaders"), line => line.GetProperty("Client").GetString() == "kiosk");
    }

    [Fact]
    public async Task A_listed_page_on_this_machine_gets_its_origins_scopes_over_https_too()
    {
        await using var web = await StartAsync();
        using var page = Client(web, null);
        using var request = WebRig.Request(HttpMethod.Get, "/v1/readers", WebRig.ListedOrigin);

        using var response = await page.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WebRig.ListedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
