namespace CardBridge.Service.Web;

/// <summary>
/// The web listener (<c>Listeners:Web</c>): HTTP/1.1 and HTTP/2 for browsers and plain HTTP clients — gRPC-Web, the JSON
/// face and <c>/openapi.json</c>. On 127.0.0.1:50052 by default; -1 turns it off. Plaintext only on a loopback address;
/// any other address needs <see cref="CertificatePath"/> and <see cref="KeyPath"/>.
/// </summary>
internal sealed class WebListenerOptions
{
    /// <summary>The IP address to bind; 127.0.0.1 unless a certificate is configured.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The port; -1 turns the listener off, 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 50052;

    /// <summary>The server certificate chain (PEM); with <see cref="KeyPath"/> it makes the listener HTTPS (HTTP/2 by ALPN).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The server certificate's private key (PEM).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The CA (PEM) client certificates must chain to; set it to accept client certificates on the HTTPS listener.</summary>
    public string? ClientCaPath { get; set; }

    /// <summary>
    /// Further names pages may reach the listener by (the <c>Host</c> a request carries), e.g. the name in its certificate.
    /// localhost, 127.0.0.1, [::1] and the bound address are always accepted; any other <c>Host</c> is refused (DNS rebinding).
    /// </summary>
    public List<string> HostNames { get; set; } = [];

    public bool Enabled => Port != -1;

    public bool IsTls => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(KeyPath);
}
