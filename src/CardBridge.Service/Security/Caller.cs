namespace CardBridge.Service.Security;

/// <summary>Who made a call, how they proved it, and what they may do.</summary>
/// <param name="ClientId">The configured client id; <c>local</c> for an anonymous loopback caller.</param>
/// <param name="Scopes">The client's scopes.</param>
/// <param name="Credential">How the caller was recognised: <c>api-key</c>, <c>certificate</c> or <c>loopback</c>.</param>
internal sealed record Caller(string ClientId, IReadOnlySet<string> Scopes, string Credential)
{
    public const string LocalClientId = "local";

    public bool Has(string scope) => Scopes.Contains(scope);
}
