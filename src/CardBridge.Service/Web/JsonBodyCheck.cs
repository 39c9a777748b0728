using System.Text;
using CardBridge.Service.Configuration;
using CardBridge.Service.Security;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Web;

/// <summary>
/// The JSON face's side of <see cref="Api.UnparsableRequests"/>: JSON transcoding parses a body before any interceptor
/// runs and answers a bad one without an <c>ErrorInfo</c>, so a JSON route's body is parsed here first, against the
/// request message its http rule names, and one that does not parse gets the service's own INVALID_REQUEST, one over the
/// size limit its REQUEST_TOO_LARGE, as over gRPC (<see cref="RequestRefusal"/>). A body that parses is handed on unchanged.
/// </summary>
internal sealed class JsonBodyCheck(RequestRefusal refusal, IOptions<LimitsOptions> limits)
{
    // Unknown fields are an error here as in transcoding: a typo in a field name is not silently a default.
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    /// <summary>The refusal of the request's JSON body; null when it parses, or when the route takes no body.</summary>
    public async Task<RpcException?> CheckAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not { } route
            || BodyOf(route) is not { } descriptor)
        {
            return null;
        }
        var rpc = $"/{route.MethodDescriptor.Service.FullName}/{route.MethodDescriptor.Name}";
        var max = WebGuard.JsonBodyFactor * limits.Value.MaxRequestBytes;
        var request = http.Request;
        request.EnableBuffering(max, max);
        string text;
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            text = await reader.ReadToEndAsync(http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return refusal.TooLarge(http, rpc, max);
        }
        request.Body.Position = 0;
        // No body at all is transcoding's to judge (an empty request), as it always was.
        if (text.Length == 0)
        {
            return null;
        }
        try
        {
            Parser.Parse(text, descriptor);
            return null;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException)
        {
            return refusal.Unparsable(http, rpc, "is not JSON of this method's request");
        }
    }

    private static MessageDescriptor? BodyOf(GrpcJsonTranscodingMetadata route) => route.HttpRule.Body switch
    {
        "" => null,
        "*" => route.MethodDescriptor.InputType,
        var field => route.MethodDescriptor.InputType.FindFieldByName(field)?.MessageType,
    };
}
