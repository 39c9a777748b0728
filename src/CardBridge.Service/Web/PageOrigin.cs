using CardBridge.Service.Security;
using Microsoft.AspNetCore.Http;

namespace CardBridge.Service.Web;

/// <summary>
/// The listed origin a web-listener request came from, attached to the request by <see cref="WebGuard"/>: the audit line
/// names it, and a request with no credential is its <see cref="Caller"/>.
/// </summary>
/// <param name="Origin">The origin, serialised (<c>https://his.example.cn</c>).</param>
/// <param name="Caller">The caller a request without credential is; null when the request came from another machine,
/// where anyone can write any <c>Origin</c> header and the origin's scopes are not given.</param>
internal sealed record PageOrigin(string Origin, Caller? Caller)
{
    /// <summary>The page origin of <paramref name="http"/>; null for requests that are not from a listed page.</summary>
    public static PageOrigin? Of(HttpContext http) => http.Features.Get<PageOrigin>();
}
