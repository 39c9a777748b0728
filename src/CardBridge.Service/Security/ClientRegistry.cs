using System.Net;
using System.Security.Cryptography.X509Certificates;
using CardBridge.Service.Configuration;
using CardBridge.Service.Web;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Security;

/// <summary>
/// Recognises callers (DESIGN §4): a client certificate a TLS listener accepted, else a bearer API key, else — on the
/// web listener, for a page of a listed origin on this machine — the origin's caller, else — on a plaintext loopback
/// listener only — the anonymous local caller with <see cref="SecurityOptions.LocalScopes"/>.
/// </summary>
internal sealed class ClientRegistry
{
    private readonly List<(ClientOptions Client, IReadOnlySet<string> Scopes, List<ApiKeyHash> Keys)> _clients;
    private readonly Dictionary<string, Caller> _byThumbprint = new(StringComparer.OrdinalIgnoreCase);
    private readonly Caller? _local;

    public ClientRegistry(IOptions<SecurityOptions> options)
    {
        var security = options.Value;
        _clients = [];
        foreach (var client in security.Clients)
        {
            var scopes = new HashSet<string>(client.Scopes, StringComparer.Ordinal);
            var keys = client.ApiKeyHashes.Select(h => ApiKeyHash.TryParse(h, out var hash) ? hash : null).OfType<ApiKeyHash>().ToList();
            _clients.Add((client, scopes, keys));
            foreach (var thumbprint in client.CertificateThumbprints)
            {
                _byThumbprint[thumbprint] = new Caller(client.Id, scopes, "certificate");
            }
        }
        if (security.LocalScopes.Count > 0)
        {
            _local = new Caller(Caller.LocalClientId, new HashSet<string>(security.LocalScopes, StringComparer.Ordinal), "loopback");
        }
    }

    /// <summary>The caller of an HTTP/2 request, or null when it presented nothing this service accepts.</summary>
    public Caller? Recognise(HttpContext http)
    {
        if (http.Connection.ClientCertificate is { } certificate)
        {
            return _byThumbprint.GetValueOrDefault(Thumbprint(certificate));
        }
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            const string bearer = "Bearer ";
            if (!authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            return ByApiKey(authorization[bearer.Length..].Trim());
        }
        if (PageOrigin.Of(http) is { } page)
        {
            // Web:Origins scopes never exceed LocalScopes (validated): a forged Origin gains nothing a local caller lacks.
            return page.Caller;
        }
        return IsLoopbackPlaintext(http) ? _local : null;
    }

    private Caller? ByApiKey(string key)
    {
        if (key.Length is 0 or > 256)
        {
            return null;
        }
        Caller? found = null;
        // Every hash is tried, so the time taken does not tell which client a key nearly matched.
        foreach (var (client, scopes, keys) in _clients)
        {
            foreach (var hash in keys)
            {
                if (hash.Matches(key))
                {
                    found ??= new Caller(client.Id, scopes, "api-key");
                }
            }
        }
        return found;
    }

    // Plaintext listeners (loopback, web, admin) bind loopback addresses only; every other listener is TLS.
    private static bool IsLoopbackPlaintext(HttpContext http) =>
        !http.Request.IsHttps && http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);

    /// <summary>The SHA-256 thumbprint configuration uses for a certificate.</summary>
    public static string Thumbprint(X509Certificate2 certificate) =>
        certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
}
