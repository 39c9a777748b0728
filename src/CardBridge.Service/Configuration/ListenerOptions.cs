namespace CardBridge.Service.Configuration;

/// <summary>Where the service listens (section <c>Listeners</c>).</summary>
internal sealed class ListenerOptions
{
    public const string Section = "Listeners";

    /// <summary>The plaintext HTTP/2 listener on 127.0.0.1; 0 picks a free port, -1 turns it off.</summary>
    public int LoopbackPort { get; set; } = 50051;

    /// <summary>Further listeners; every one of them is TLS.</summary>
    public List<TlsListenerOptions> Tls { get; set; } = [];

    /// <summary>The admin listener for <c>/metrics</c> and <c>/status</c>; off by default.</summary>
    public Observability.AdminListenerOptions Admin { get; set; } = new();

    /// <summary>The web listener for browsers and HTTP clients: gRPC-Web, JSON and <c>/openapi.json</c>; on 127.0.0.1:50052 by default.</summary>
    public Web.WebListenerOptions Web { get; set; } = new();
}

/// <summary>One TLS listener.</summary>
internal sealed class TlsListenerOptions
{
    /// <summary>The IP address to bind (e.g. <c>0.0.0.0</c>, <c>10.1.2.3</c>).</summary>
    public string Address { get; set; } = "";

    /// <summary>The port, 1 to 65535 (0 picks a free one; for tests).</summary>
    public int Port { get; set; }

    /// <summary>The server certificate chain, PEM.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The server certificate's private key, PEM.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>The CA (PEM) client certificates must chain to; set it to accept mTLS clients on this listener.</summary>
    public string? ClientCaPath { get; set; }
}
