using CardBridge.Api.V1;
using CardBridge.Cards.Pin;
using CardBridge.Service.Credentials;
using CardBridge.Service.Hosting;
using CardBridge.Service.Security;
using CardBridge.Service.Web;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>IdentityService: identity from the pre-read session, and the PIN on the card: verify, change, status, unblock, reload.</summary>
internal sealed class IdentityApi(TerminalHost host, IdentityMapper mapper, CodeMapper codeMapper, PresentationDesk desk, QrHost qr, CallerLimits limits)
    : IdentityService.IdentityServiceBase
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
            await CardWork.VerifyPinAsync(host.Terminal, access, session, pin, ct);
            return true;
        }, context.CancellationToken);
        return new VerifyPinResponse { SessionId = session.Id.ToString() };
    }

    public override async Task<ChangePinResponse> ChangePin(ChangePinRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        if (request.UsePinPad)
        {
            if (request.CurrentPin.Length > 0 || request.NewPin.Length > 0)
            {
                throw RpcErrors.InvalidRequest("use_pin_pad", "the PINs are typed on the pad: leave current_pin and new_pin empty");
            }
            var padSession = CardTargets.Resolve(host.Terminal, request.Target);
            AccessInterceptor.AuditOf(context).About(padSession);
            await PinWork.ChangeOnPadAsync(host.Terminal, padSession, context.CancellationToken);
            return new ChangePinResponse { SessionId = padSession.Id.ToString() };
        }
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

    public override async Task<GetPinStatusResponse> GetPinStatus(GetPinStatusRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var session = CardTargets.Resolve(host.Terminal, request.Target);
        AccessInterceptor.AuditOf(context).About(session);
        var status = await PinWork.StatusAsync(host.Terminal, session, context.CancellationToken);
        var response = new GetPinStatusResponse { SessionId = session.Id.ToString(), Verified = status.Verified, Blocked = status.Blocked };
        if (status.TriesLeft is { } left)
        {
            response.TriesLeft = left;
        }
        return response;
    }

    public override async Task<UnblockPinResponse> UnblockPin(UnblockPinRequest request, ServerCallContext context)
    {
        var (session, left) = await ResetPinAsync(request.Target, request.Purpose, request.ExpectedCardIdentificationCode, null, context);
        var response = new UnblockPinResponse { SessionId = session };
        if (left is { } tries)
        {
            response.TriesLeft = tries;
        }
        return response;
    }

    public override async Task<ReloadPinResponse> ReloadPin(ReloadPinRequest request, ServerCallContext context)
    {
        var (session, left) = await ResetPinAsync(request.Target, request.Purpose, request.ExpectedCardIdentificationCode, request.NewPin, context);
        var response = new ReloadPinResponse { SessionId = session };
        if (left is { } tries)
        {
            response.TriesLeft = tries;
        }
        return response;
    }

    // A counter's unblock (newPin null) or reload: the request checked whole, then the card it was authorised for.
    private async Task<(string Session, int? TriesLeft)> ResetPinAsync(
        CardTarget? target, string purpose, string expected, string? newPin, ServerCallContext context)
    {
        PinWork.RequireOperatorPurpose(purpose);
        PinWork.RequireWellFormedExpectation(expected);
        using var pin = newPin is null ? null : CardWork.PinFrom(newPin, "new_pin");
        var session = CardTargets.Resolve(host.Terminal, target);
        AccessInterceptor.AuditOf(context).About(session);
        PinWork.RequireExpectedCard(session, expected);
        var status = await PinWork.ResetAsync(host.Terminal, host.Psam, session, pin, context.CancellationToken);
        return (session.Id.ToString(), status.TriesLeft);
    }

    public override async Task<AwaitCredentialResponse> AwaitCredential(AwaitCredentialRequest request, ServerCallContext context)
    {
        using var pending = limits.Hold(CallerLimits.PendingAwaits, AccessInterceptor.CallerOf(context).ClientId);
        RequestFields.RequirePurpose(request.Purpose);
        var timeout = TimeoutOf(request.Timeout);
        if (request.Reader.Length > 0)
        {
            CardTargets.RequireReader(host.Terminal, request.Reader, "reader");
        }
        if (request.Scanner.Length > 0)
        {
            RequireScanner(request.Scanner);
        }
        var (cards, codes) = request.Accept switch
        {
            PresentedKinds.Unspecified or PresentedKinds.CardsAndCodes => (true, true),
            PresentedKinds.CardsOnly => (true, false),
            PresentedKinds.CodesOnly => (false, true),
            _ => throw RpcErrors.InvalidRequest("accept", "cards and codes, cards only or codes only"),
        };
        var race = new ArrivalRace(presentation => presentation switch
        {
            CardPresentation card => cards && (request.Reader.Length == 0 || card.Reader == request.Reader),
            CodePresentation code => codes && (request.Scanner.Length == 0 || code.Scanner == request.Scanner),
            _ => false,
        });
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        wait.CancelAfter(timeout);
        using var subscription = desk.Subscribe(includePresent: !request.OnlyNew);
        // The subscription is made: response headers now tell the client that anything presented from here on is seen.
        // Not over the JSON face, where they would be the answer's "200 OK" before the outcome is known.
        if (!WebListener.IsJsonRoute(context.GetHttpContext()))
        {
            await context.WriteResponseHeadersAsync(new Metadata());
        }
        Presentation? winner = null;
        try
        {
            await foreach (var change in subscription.Reader.ReadAllAsync(wait.Token))
            {
                if ((winner = race.Apply(change)) is not null)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.Create(StatusCode.DeadlineExceeded, ErrorReason.NothingPresented,
                $"nothing was presented within {timeout.TotalSeconds:0.#} s");
        }
        var caller = AccessInterceptor.CallerOf(context);
        switch (winner)
        {
            case CardPresentation { Session: { } session }:
                AccessInterceptor.AuditOf(context).About(session);
                return new AwaitCredentialResponse { Card = mapper.ToIdentity(session, caller, request.AllowExpired) };
            case CodePresentation { Outcome.Credential: { } credential }:
                AccessInterceptor.AuditOf(context).About(credential);
                return new AwaitCredentialResponse { Code = codeMapper.ToCredential(credential, caller) };
            case CodePresentation { Outcome: { Error: { } error } refused } code:
                throw RpcErrors.ForCodeRefusal(error, code.Scanner, refused.Kind);
            default:
                throw RpcErrors.Create(StatusCode.Unavailable, ErrorReason.ReaderUnavailable, "the service is stopping");
        }
    }

    private void RequireScanner(string name)
    {
        if (name.Length > CardTargets.MaxReaderNameLength)
        {
            throw RpcErrors.InvalidRequest("scanner", $"longer than {CardTargets.MaxReaderNameLength} characters");
        }
        if (!qr.Scanners.Any(s => s.Name == name))
        {
            throw RpcErrors.Create(StatusCode.NotFound, ErrorReason.ReaderUnavailable, "no such scanner is configured", (ErrorDomain.Scanner, name));
        }
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
