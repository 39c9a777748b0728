using System.Diagnostics;
using CardBridge.Api.V1;
using CardBridge.Service.Api;
using CardBridge.Service.Auditing;
using CardBridge.Service.Observability;
using CardBridge.Service.Web;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CardBridge.Service.Security;

/// <summary>
/// Runs around every call: recognises the caller, refuses what its scopes do not allow (default deny), turns
/// any failure that escaped the service into a typed status, and writes the call's audit line. A request body that did
/// not parse (<see cref="UnparsableRequests"/>) is refused before anything else, open methods included.
/// </summary>
internal sealed partial class AccessInterceptor(
    ClientRegistry clients, CallerLimits limits, RequestRefusal refusal, AuditLog audit, RecentErrors errors, ILogger<AccessInterceptor> logger) : Interceptor
{
    public const int MaxPurposeLength = 128;
    private const string AuditKey = "cardbridge.audit";
    private const string CallerKey = "cardbridge.caller";
    private const string UnparsableBody = "is not a valid protobuf message of this method";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (UnparsableRequests.IsUnparsable(request))
        {
            throw refusal.Unparsable(context.GetHttpContext(), context.Method, UnparsableBody);
        }
        if (RpcScopes.IsOpen(context.Method))
        {
            return await continuation(request, context);
        }
        TResponse? response = default;
        await AuditedAsync(request, context, async () => response = await continuation(request, context));
        return response!;
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (UnparsableRequests.IsUnparsable(request))
        {
            throw refusal.Unparsable(context.GetHttpContext(), context.Method, UnparsableBody);
        }
        if (RpcScopes.IsOpen(context.Method))
        {
            await continuation(request, responseStream, context);
            return;
        }
        await AuditedAsync(request, context, async () =>
        {
            using var stream = limits.Hold(CallerLimits.Streams, CallerOf(context).ClientId);
            await continuation(request, responseStream, context);
        });
    }

    // Admits the call, runs it, and writes its audit line with the outcome, whatever it is.
    private async Task AuditedAsync<TRequest>(TRequest request, ServerCallContext context, Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        var entry = Admit(request, context);
        try
        {
            await call();
            audit.Write(entry, StatusCode.OK, null, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e)
        {
            var error = Translate(e, context);
            audit.Write(entry, error.StatusCode, ReasonOf(error), Stopwatch.GetElapsedTime(started));
            errors.Add(context.Method, ReasonOf(error) ?? error.StatusCode.ToString());
            throw error;
        }
    }

    // A client stream (a long fee list): its first message is read before the caller is admitted, so a body that does
    // not parse is refused before scopes as a unary one is. The audit line has the caller, the scopes and the outcome,
    // but no purpose (that travels inside the stream).
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (RpcScopes.IsOpen(context.Method))
        {
            return await continuation(requestStream, context);
        }
        var stream = new PeekedRequestStream<TRequest>(requestStream);
        await stream.PeekAsync(context.CancellationToken);
        if (stream.FirstIsUnparsable)
        {
            throw refusal.Unparsable(context.GetHttpContext(), context.Method, UnparsableBody);
        }
        TResponse? response = default;
        await AuditedAsync<TRequest?>(default, context, async () => response = await continuation(stream, context));
        return response!;
    }

    // Server reflection (ServerReflectionInfo) is a duplex method, and open. A streamed request is parsed when the
    // method reads it, so its parse failure comes through here.
    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!RpcScopes.IsOpen(context.Method))
        {
            throw Denied(context, "duplex methods are not part of this service");
        }
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (InvalidProtocolBufferException)
        {
            throw refusal.Unparsable(context.GetHttpContext(), context.Method, UnparsableBody);
        }
    }

    /// <summary>The audit entry of the current call, for the service to add the card it worked on.</summary>
    public static AuditEntry AuditOf(ServerCallContext context) =>
        context.UserState.TryGetValue(AuditKey, out var entry) && entry is AuditEntry audit
            ? audit
            : throw new InvalidOperationException("the call did not pass the access interceptor");

    /// <summary>Whether the call has been admitted, so that its audit line, with its outcome, is written here.</summary>
    public static bool IsAdmitted(ServerCallContext context) => context.UserState.ContainsKey(AuditKey);

    /// <summary>The recognised caller of the current call.</summary>
    public static Caller CallerOf(ServerCallContext context) =>
        context.UserState.TryGetValue(CallerKey, out var caller) && caller is Caller known
            ? known
            : throw new InvalidOperationException("the call did not pass the access interceptor");

    private AuditEntry Admit<TRequest>(TRequest request, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var entry = new AuditEntry { Rpc = context.Method, Purpose = PurposeOf(request), Origin = PageOrigin.Of(http)?.Origin };
        context.UserState[AuditKey] = entry;
        var caller = clients.Recognise(http);
        if (caller is null)
        {
            var error = RpcErrors.Create(StatusCode.Unauthenticated, ErrorReason.Unauthenticated,
                "present a client certificate or an API key (authorization: Bearer …)");
            audit.Write(entry, error.StatusCode, ReasonOf(error), TimeSpan.Zero);
            errors.Add(context.Method, ReasonOf(error) ?? error.StatusCode.ToString());
            throw error;
        }
        entry.ClientId = caller.ClientId;
        context.UserState[CallerKey] = caller;
        var allowed = RpcScopes.AllowedFor(context.Method);
        if (!allowed.Any(caller.Has))
        {
            var error = Denied(context, allowed.Count == 0
                ? $"no scope allows {context.Method}"
                : $"{context.Method} needs one of: {string.Join(", ", allowed)}");
            audit.Write(entry, error.StatusCode, ReasonOf(error), TimeSpan.Zero);
            errors.Add(context.Method, ReasonOf(error) ?? error.StatusCode.ToString());
            throw error;
        }
        return entry;
    }

    // Cut at MaxPurposeLength UTF-16 units, but never between the halves of a surrogate pair: half a character is
    // not text, and the audit file would carry U+FFFD in its place.
    private static string? PurposeOf<TRequest>(TRequest request)
    {
        if (request is not IMessage message || message.Descriptor.FindFieldByName("purpose") is not { } field
            || field.Accessor.GetValue(message) is not string { Length: > 0 } purpose)
        {
            return null;
        }
        if (purpose.Length <= MaxPurposeLength)
        {
            return purpose;
        }
        return purpose[..(char.IsHighSurrogate(purpose[MaxPurposeLength - 1]) ? MaxPurposeLength - 1 : MaxPurposeLength)];
    }

    private static RpcException Denied(ServerCallContext context, string message) =>
        RpcErrors.Create(StatusCode.PermissionDenied, ErrorReason.ScopeDenied, message,
            (ErrorDomain.RequiredScope, string.Join(' ', RpcScopes.AllowedFor(context.Method))));

    private RpcException Translate(Exception error, ServerCallContext context)
    {
        switch (error)
        {
            case RpcException rpc:
                return rpc;
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Grpc.Core.Status(StatusCode.Cancelled, "the call was cancelled"));
        }
        if ((RpcErrors.ForCardFailure(error, null) ?? RpcErrors.ForSettlementFailure(error)) is { } typed)
        {
            return typed;
        }
        LogUnexpected(logger, context.Method, error);
        return new RpcException(new Grpc.Core.Status(StatusCode.Internal, "internal error; see the service log"));
    }

    private static string? ReasonOf(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason;

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, string method, Exception error);
}
