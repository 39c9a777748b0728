namespace CardBridge.Service.Configuration;

/// <summary>Who may call and what they may see (section <c>Security</c>, DESIGN §4).</summary>
internal sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// The per-deployment key (base64, at least 32 bytes) of the pseudonymous holder id: the same person gets the
    /// same id from this deployment and an unrelated one from any other.
    /// </summary>
    public string? PseudonymKey { get; set; }

    /// <summary>Scopes of callers that present no credential on the loopback listener; none (deny) unless set.</summary>
    public List<string> LocalScopes { get; set; } = [];

    /// <summary>The known clients.</summary>
    public List<ClientOptions> Clients { get; set; } = [];
}

/// <summary>One client system (a HIS, a gate controller…).</summary>
internal sealed class ClientOptions
{
    /// <summary>The name audit lines carry.</summary>
    public string Id { get; set; } = "";

    /// <summary>What it may do; see <see cref="Security.Scopes"/>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Salted hashes of its API keys (<c>cardbridge-service hash-key</c> makes one); never the keys.</summary>
    public List<string> ApiKeyHashes { get; set; } = [];

    /// <summary>SHA-256 thumbprints (hex) of its client certificates, for mTLS listeners.</summary>
    public List<string> CertificateThumbprints { get; set; } = [];
}
