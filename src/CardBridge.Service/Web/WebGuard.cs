using System.Net;
using CardBridge.Api.V1;
using CardBridge.Service.Api;
using CardBridge.Service.Auditing;
using CardBridge.Service.Configuration;
using CardBridge.Service.Observability;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CardBridge.Service.Web;

/// <summary>
/// In front of everything: keeps the web face (gRPC-Web, JSON routes, <c>/openapi.json</c>) on the web listener only,
/// and on the web listener refuses, before any card work and with an audit line, a <c>Host</c> that is not the
/// listener's (DNS rebinding) and any page whose origin is not listed. For a listed origin it answers CORS exactly
/// (that origin, never <c>*</c>), including Chrome's Private Network Access preflight, and attaches the
/// <see cref="PageOrigin"/> that scopes and audit use.
/// </summary>
internal sealed partial class WebGuard(
    OriginPolicy origins, WebHostNames hosts, JsonBodyCheck bodies, IOptions<LimitsOptions> limits, AuditLog audit, RecentErrors errors, ILogger<WebGuard> logger)
{
    /// <summary>The request headers a page may send: credentials, JSON and the gRPC-Web headers.</summary>
    public const string AllowedHeaders = "authorization, content-type, x-grpc-web, x-user-agent, grpc-timeout";

    /// <summary>The gRPC-Web status headers a page must be able to read.</summary>
    public const string ExposedHeaders = "grpc-status, grpc-message, grpc-status-details-bin";

    /// <summary>How much larger than a protobuf request (<see cref="LimitsOptions.MaxRequestBytes"/>) a JSON body may be.</summary>
    public const int JsonBodyFactor = 4;

    private const int MaxOriginInAudit = 256;
    private static readonly TimeSpan PreflightCache = TimeSpan.FromMinutes(10);

    public async Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        if (!WebListener.IsWebConnection(http))
        {
            if (WebListener.IsWebFace(http))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next();
            return;
        }
        var request = http.Request;
        if (!hosts.Allows(request.Host))
        {
            await RefuseAsync(http, null, RpcErrors.Create(StatusCode.PermissionDenied, ErrorReason.HostNotAllowed,
                $"'{request.Host}' is not a name of this service; use localhost or 127.0.0.1 (or list the name in Listeners:Web:HostNames)",
                (ErrorDomain.Host, Cut(request.Host.Value ?? ""))));
            return;
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            if (IsCrossSite(request))
            {
                // A browser that sends no Origin (a link, an image, a form GET) on a request from another site.
                await RefuseAsync(http, "-", OriginRefused("-", "a cross-site request without Origin"));
                return;
            }
            await ForwardAsync(http, next);
            return;
        }
        if (origins.Find(origin) is not { } caller)
        {
            await RefuseAsync(http, origin, OriginRefused(origin, $"the origin '{Cut(origin)}' is not in Web:Origins"));
            return;
        }
        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
        {
            AnswerPreflight(request, http.Response);
            return;
        }
        headers.AccessControlExposeHeaders = ExposedHeaders;
        var local = http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
        http.Features.Set(new PageOrigin(origin, local ? caller : null));
        await ForwardAsync(http, next);
    }

    // A JSON route's body is bounded, then parsed before anything runs for it (JsonBodyCheck).
    private async Task ForwardAsync(HttpContext http, Func<Task> next)
    {
        if (WebListener.IsJsonRoute(http))
        {
            LimitJsonBody(http);
            if (await bodies.CheckAsync(http) is { } refusal)
            {
                await WebRefusal.WriteAsync(http.Response, refusal);
                return;
            }
        }
        await next();
    }

    // gRPC bounds a message by its length prefix (Limits:MaxRequestBytes); a JSON body has none, so the listener bounds
    // it, with room for JSON being wordier than protobuf.
    private void LimitJsonBody(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = JsonBodyFactor * (long)limits.Value.MaxRequestBytes;
        }
    }

    private static void AnswerPreflight(HttpRequest request, HttpResponse response)
    {
        var headers = response.Headers;
        headers.AccessControlAllowMethods = "GET, POST";
        headers.AccessControlAllowHeaders = AllowedHeaders;
        headers.AccessControlMaxAge = ((int)PreflightCache.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Chrome's Private Network Access: a page of a public site may reach this loopback service only when the
        // preflight says so — said for listed origins only, since only they reach this point.
        if (string.Equals(request.Headers["Access-Control-Request-Private-Network"], "true", StringComparison.OrdinalIgnoreCase))
        {
            headers["Access-Control-Allow-Private-Network"] = "true";
        }
        response.StatusCode = StatusCodes.Status204NoContent;
    }

    // Sec-Fetch-Site is set by the browser, never by a page's script: only "same-origin" and "none" (typed by the user)
    // are not another site's doing. Clients that are not browsers do not send it.
    private static bool IsCrossSite(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site && site is not ("same-origin" or "none");

    private static RpcException OriginRefused(string origin, string why) =>
        RpcErrors.Create(StatusCode.PermissionDenied, ErrorReason.OriginNotAllowed,
            $"{why}: pages may call this service only from the origins its operator listed", (ErrorDomain.Origin, Cut(origin)));

    private async Task RefuseAsync(HttpContext http, string? origin, RpcException error)
    {
        var rpc = http.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.FullName
            ?? $"{http.Request.Method} {http.Request.Path}";
        var reason = error.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason ?? error.StatusCode.ToString();
        audit.Write(new AuditEntry { Rpc = rpc, Origin = origin is null ? null : Cut(origin) }, error.StatusCode, reason, TimeSpan.Zero);
        errors.Add(rpc, reason);
        LogRefused(logger, rpc, reason, error.Status.Detail);
        await WebRefusal.WriteAsync(http.Response, error);
    }

    // Origin and Host are whatever the client wrote: bounded before they reach the audit file and the log.
    private static string Cut(string text) => text.Length <= MaxOriginInAudit ? text : text[..MaxOriginInAudit];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web listener refused {Rpc}: {Reason} ({Detail})")]
    private static partial void LogRefused(ILogger logger, string rpc, string reason, string detail);
}
