using System.IO.Pipelines;
using CardBridge.Service.Configuration;
using CardBridge.Service.Security;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Api;

/// <summary>
/// Request messages over <c>Limits:MaxRequestBytes</c> (gRPC and gRPC-Web). grpc-dotnet refuses one itself from its length
/// prefix, but with a bare RESOURCE_EXHAUSTED: no <c>ErrorInfo</c>, no audit line. The body of every gRPC call is read
/// through a <see cref="FrameLengthReader"/> with the same limit, which refuses such a message first, as the contract says
/// (<see cref="RequestRefusal.TooLarge"/>), whatever method, listener and caller; grpc-dotnet's own check stays behind it.
/// A JSON body has no length prefix and is bounded by the web listener (<see cref="Web.JsonBodyCheck"/>).
/// </summary>
internal sealed class OversizeRequests(RequestRefusal refusal, IOptions<LimitsOptions> limits)
{
    /// <summary>Puts the bounded reader in front of the request body when the request is a gRPC call (after gRPC-Web's translation).</summary>
    public void Guard(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata is not { } metadata || metadata.GetMetadata<GrpcMethodMetadata>() is not { } grpc
            || metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null)
        {
            return;
        }
        var limit = limits.Value.MaxRequestBytes;
        var body = new FrameLengthReader(http.Request.BodyReader, limit, () => refusal.TooLarge(http, grpc.Method.FullName, limit));
        http.Features.Set<IRequestBodyPipeFeature>(new RequestBody(body));
    }

    private sealed class RequestBody(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader => reader;
    }
}
