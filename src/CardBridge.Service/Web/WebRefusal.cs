using Google.Protobuf;
using Google.Protobuf.Reflection;
using ErrorInfo = Google.Rpc.ErrorInfo;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace CardBridge.Service.Web;

/// <summary>
/// Writes a refusal of the web listener as the JSON face writes any error: the HTTP status for the gRPC code and a
/// <c>google.rpc.Status</c> body with its <c>ErrorInfo</c>, so a page switches on the same reason as a gRPC client.
/// </summary>
internal static class WebRefusal
{
    private static readonly JsonFormatter Json =
        new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromMessages(ErrorInfo.Descriptor)));

    public static Task WriteAsync(HttpResponse response, RpcException error)
    {
        var status = error.GetRpcStatus() ?? new Google.Rpc.Status { Code = (int)error.StatusCode, Message = error.Status.Detail };
        // A body over the size limit is HTTP's own 413, not RESOURCE_EXHAUSTED's usual 429: sending it again later does not help.
        response.StatusCode = error.StatusCode switch
        {
            StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
            StatusCode.ResourceExhausted => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status400BadRequest,
        };
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(Json.Format(status), response.HttpContext.RequestAborted);
    }
}
