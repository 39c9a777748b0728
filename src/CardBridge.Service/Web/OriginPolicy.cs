using CardBridge.Service.Security;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Web;

/// <summary>The listed origins (<c>Web:Origins</c>), each with the caller its pages are when they send no credential.</summary>
internal sealed class OriginPolicy
{
    public const string Credential = "origin";

    private readonly Dictionary<string, Caller> _listed = new(StringComparer.Ordinal);

    public OriginPolicy(IOptions<WebOptions> options)
    {
        foreach (var origin in options.Value.Origins)
        {
            if (WebOrigin.Normalise(origin.Origin) is { } serialised)
            {
                // The audit line and the settlement idempotency keys know a page's application by its origin.
                _listed[serialised] = new Caller(serialised, new HashSet<string>(origin.Scopes, StringComparer.Ordinal), Credential);
            }
        }
    }

    /// <summary>
    /// The caller of pages from <paramref name="origin"/> exactly as the request sent it (browsers send it serialised);
    /// null when it is not listed.
    /// </summary>
    public Caller? Find(string origin) => _listed.GetValueOrDefault(origin);
}
