using System.Security.Cryptography.X509Certificates;
using CardBridge.Service.Hosting;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CardBridge.Service.Web;

/// <summary>
/// Binds the web listener and tells its requests apart, so the web face is served there only and <see cref="WebGuard"/>
/// checks every request on it.
/// </summary>
internal static class WebListener
{
    public const string OpenApiPath = "/openapi.json";

    private const string Marker = "cardbridge.web";

    public static void Listen(KestrelServerOptions kestrel, WebListenerOptions web, WebEndpoint endpoint)
    {
        if (web.Enabled && SeparateListenerRules.Bindable(web.Address, web.Port, web.IsTls, web.CertificatePath, web.KeyPath) is { } address)
        {
            var clientCa = web.IsTls && web.ClientCaPath is { } caPath && File.Exists(caPath) ? X509CertificateLoader.LoadCertificateFromFile(caPath) : null;
            SeparateListener.Listen(kestrel, address, web.Port, Marker, endpoint,
                web.IsTls ? PemCertificate.Load(web.CertificatePath!, web.KeyPath!) : null, clientCa);
        }
    }

    /// <summary>True when the request arrived on the web listener.</summary>
    public static bool IsWebConnection(HttpContext http) => SeparateListener.IsMarked(http, Marker);

    /// <summary>True for what only the web listener serves: JSON routes, gRPC-Web and the OpenAPI document.</summary>
    public static bool IsWebFace(HttpContext http) =>
        http.Request.Path == OpenApiPath
        || http.Request.ContentType?.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase) == true
        || IsJsonRoute(http);

    /// <summary>True when the request is a call through the JSON face (a route of a <c>google.api.http</c> rule).</summary>
    public static bool IsJsonRoute(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null;
}
