using CardBridge.Api.V1;
using CardBridge.Cards.Layout;
using CardBridge.Cards.Pin;
using CardBridge.Iso7816;
using CardBridge.Service.Hosting;
using CardBridge.Service.Security;
using CardBridge.Terminal;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>IdentityService: identity from the pre-read session, PIN verification and change on the card.</summary>
internal sealed class IdentityApi(TerminalHost host, IdentityMapper mapper) : IdentityService.IdentityServiceBase
{
    private static readonly TimeSpan DefaultAwait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MinAwait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxAwait = TimeSpan.FromMinutes(10);
    private const int NanosPerSecond = 1_000_000_000;

    public override Task<ReadCardResponse> ReadCard(ReadCardRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var session = CardTargets.Resolve(host.Terminal, request.Target);
        AccessInterceptor.AuditOf(context).About(session);
        var identity = mapper.ToIdentity(session, AccessInterceptor.CallerOf(context), request.AllowExpired);
        return Task.FromResult(new ReadCardResponse { Identity = identity });
    }

    public override async Task<VerifyPinResponse> VerifyPin(VerifyPinRequest request, ServerCallContext context)
    {
        // The request is checked whole before the card is looked for: a malformed PIN is INVALID_REQUEST whatever the session.
        RequestFields.RequirePurpose(request.Purpose);
        if (request.EntryCase == VerifyPinRequest.EntryOneofCase.None
            || (request.EntryCase == VerifyPinRequest.EntryOneofCase.UsePinPad && !request.UsePinPad))
        {
            throw RpcErrors.InvalidRequest("entry", "give the pin or set use_pin_pad");
        }
        using var pin = request.EntryCase == VerifyPinRequest.EntryOneofCase.Pin ? CardWork.PinFrom(request.Pin, "pin") : null;
        var session = CardTargets.Resolve(host.Terminal, request.Target);
        AccessInterceptor.AuditOf(context).About(session);
        await CardWork.OnReaderAsync(host.Terminal, session, async (access, ct) =>
        {
            await CardWork.VerifyPinAsync(access, session, pin, ct);
            return true;
        }, context.CancellationToken);
        return new VerifyPinResponse { SessionId = session.Id.ToString() };
    }

    public override async Task<ChangePinResponse> ChangePin(ChangePinRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        using var current = CardWork.PinFrom(request.CurrentPin, "current_pin");
        using var replacement = CardWork.PinFrom(request.NewPin, "new_pin");
        var session = CardTargets.Resolve(host.Terminal, request.Target);
        AccessInterceptor.AuditOf(context).About(session);
        await CardWork.OnReaderAsync(host.Terminal, session, async (access, ct) =>
        {
            await CardWork.SelectSsseAsync(access.Channel, ct);
            await new CardPin(access.Channel).ChangeAsync(current, replacement, ct);
            return true;
        }, context.CancellationToken);
        return new ChangePinResponse { SessionId = session.Id.ToString() };
    }

    public override async Task<AwaitCredentialResponse> AwaitCredential(AwaitCredentialRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var timeout = TimeoutOf(request.Timeout);
        if (request.Reader.Length > 0)
        {
            CardTargets.RequireReader(host.Terminal, request.Reader, "reader");
        }
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        wait.CancelAfter(timeout);
        var events = request.OnlyNew ? host.Terminal.WatchAsync(wait.Token) : host.Terminal.WatchFromNowAsync(wait.Token);
        // The subscription is made: response headers now tell the client that a card presented from here on is seen.
        await context.WriteResponseHeadersAsync(new Metadata());
        CardSession? presented = null;
        try
        {
            await foreach (var change in events)
            {
                if (change is SessionReadyEvent ready && (request.Reader.Length == 0 || ready.Session.Reader == request.Reader))
                {
                    presented = ready.Session;
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.Create(StatusCode.DeadlineExceeded, ErrorReason.NothingPresented,
                $"no card was presented within {timeout.TotalSeconds:0.#} s");
        }
        if (presented is null)
        {
            throw RpcErrors.Create(StatusCode.Unavailable, ErrorReason.ReaderUnavailable, "the service is stopping");
        }
        AccessInterceptor.AuditOf(context).About(presented);
        return new AwaitCredentialResponse { Card = mapper.ToIdentity(presented, AccessInterceptor.CallerOf(context), request.AllowExpired) };
    }

    private static TimeSpan TimeoutOf(Duration? timeout)
    {
        if (timeout is null)
        {
            return DefaultAwait;
        }
        // Checked before ToTimeSpan, which throws on a duration that is not normalised or does not fit.
        var span = timeout.Seconds >= 0 && timeout.Seconds <= (long)MaxAwait.TotalSeconds && timeout.Nanos is >= 0 and < NanosPerSecond
            ? timeout.ToTimeSpan()
            : TimeSpan.MinValue;
        return span >= MinAwait && span <= MaxAwait
            ? span
            : throw RpcErrors.InvalidRequest("timeout", $"must lie between {MinAwait.TotalSeconds:0} s and {MaxAwait.TotalMinutes:0} min");
    }
}
