using CardBridge.Api.V1;
using CardBridge.Service.Api;
using CardBridge.Service.Auditing;
using CardBridge.Service.Observability;
using CardBridge.Service.Web;
using Grpc.Core;

namespace CardBridge.Service.Security;

/// <summary>
/// The one answer to a request whose body does not parse, on every listener (gRPC, gRPC-Web, JSON): INVALID_ARGUMENT
/// with reason INVALID_REQUEST and <c>field</c> = <c>*</c>, one audit line, and a log line at most once a minute per
/// caller (<see cref="CallerLogGate"/>), never with a stack trace. It is decided before the caller's scopes are looked
/// at, so an unrecognised caller gets the same answer and the same cost.
/// </summary>
internal sealed partial class UnparsableRefusal(ClientRegistry clients, AuditLog audit, RecentErrors errors, CallerLogGate logGate, ILogger<UnparsableRefusal> logger)
{
    public RpcException Refuse(HttpContext http, string rpc, string why)
    {
        var caller = clients.Recognise(http);
        var reason = RpcErrors.NameOf(ErrorReason.InvalidRequest);
        audit.Write(new AuditEntry { Rpc = rpc, Origin = PageOrigin.Of(http)?.Origin, ClientId = caller?.ClientId ?? "-" },
            StatusCode.InvalidArgument, reason, TimeSpan.Zero);
        errors.Add(rpc, reason);
        var who = caller?.ClientId ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (logGate.Admit(who))
        {
            LogRefused(logger, rpc, who, why, CallerLogGate.Interval);
        }
        return RpcErrors.Create(StatusCode.InvalidArgument, ErrorReason.InvalidRequest, $"the request body {why}", (ErrorDomain.Field, "*"));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Rpc} from {Caller}: the request body {Why} (INVALID_REQUEST); further ones from this caller are logged at most once per {Interval}")]
    private static partial void LogRefused(ILogger logger, string rpc, string caller, string why, TimeSpan interval);
}
