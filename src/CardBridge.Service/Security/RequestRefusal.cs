using System.Globalization;
using CardBridge.Api.V1;
using CardBridge.Service.Api;
using CardBridge.Service.Auditing;
using CardBridge.Service.Observability;
using CardBridge.Service.Web;
using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace CardBridge.Service.Security;

/// <summary>
/// The one answer to a request the service will not read, on every listener (gRPC, gRPC-Web, JSON): a body that does not
/// parse is INVALID_ARGUMENT with reason INVALID_REQUEST and <c>field</c> = <c>*</c>; a message over the size limit is
/// RESOURCE_EXHAUSTED with reason REQUEST_TOO_LARGE and <c>limit_bytes</c>. Either is audited once and logged at most once
/// a minute per caller (<see cref="CallerLogGate"/>), never with a stack trace. It is decided before the caller's scopes
/// are looked at, so an unrecognised caller gets the same answer and the same cost.
/// </summary>
internal sealed partial class RequestRefusal(ClientRegistry clients, AuditLog audit, RecentErrors errors, CallerLogGate logGate, ILogger<RequestRefusal> logger)
{
    /// <summary>The refusal of a body that does not parse; <paramref name="why"/> completes "the request body …".</summary>
    public RpcException Unparsable(HttpContext http, string rpc, string why) =>
        Refuse(http, rpc, RpcErrors.Create(StatusCode.InvalidArgument, ErrorReason.InvalidRequest, $"the request body {why}", (ErrorDomain.Field, "*")));

    /// <summary>The refusal of a request message (or JSON body) larger than <paramref name="limitBytes"/>.</summary>
    public RpcException TooLarge(HttpContext http, string rpc, long limitBytes)
    {
        var limit = limitBytes.ToString(CultureInfo.InvariantCulture);
        return Refuse(http, rpc, RpcErrors.Create(StatusCode.ResourceExhausted, ErrorReason.RequestTooLarge,
            $"the request is larger than {limit} bytes, the most this service reads (Limits:MaxRequestBytes)", (ErrorDomain.LimitBytes, limit)));
    }

    private RpcException Refuse(HttpContext http, string rpc, RpcException error)
    {
        var caller = clients.Recognise(http);
        var reason = error.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>().Reason;
        // A call the access interceptor has admitted (a later message of a client stream) is audited there, with its
        // outcome: this refusal is that outcome.
        if (http.Features.Get<IServerCallContextFeature>()?.ServerCallContext is not { } call || !AccessInterceptor.IsAdmitted(call))
        {
            audit.Write(new AuditEntry { Rpc = rpc, Origin = PageOrigin.Of(http)?.Origin, ClientId = caller?.ClientId ?? "-" },
                error.StatusCode, reason, TimeSpan.Zero);
            errors.Add(rpc, reason);
        }
        var who = caller?.ClientId ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (logGate.Admit(who))
        {
            LogRefused(logger, rpc, who, error.Status.Detail, reason, CallerLogGate.Interval);
        }
        return error;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Rpc} from {Caller}: {Why} ({Reason}); further requests refused unread from this caller are logged at most once per {Interval}")]
    private static partial void LogRefused(ILogger logger, string rpc, string caller, string why, string reason, TimeSpan interval);
}
