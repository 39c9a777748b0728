using CardBridge.Api.V1;
using CardBridge.Cards.Layout;
using CardBridge.Cards.Pin;
using CardBridge.Iso7816;
using CardBridge.Service.Hosting;
using CardBridge.Service.Security;
using CardBridge.Terminal;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>IdentityService: identity from the pre-read session, PIN verification and change on the card.</summary>
internal sealed class IdentityApi(TerminalHost host, IdentityMapper mapper) : IdentityService.IdentityServiceBase
{
    private static readonly TimeSpan DefaultAwait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MinAwait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxAwait = TimeSpan.FromMinutes(10);

    public override Task<ReadCardResponse> ReadCard(ReadCardRequest request, ServerCallContext context)
    {
        var session = CardTargets.Resolve(host.Terminal, request.Target);
        AccessInterceptor.AuditOf(context).About(session);
        var identity = mapper.ToIdentity(session, AccessInterceptor.CallerOf(context), request.AllowExpired);
        return Task.FromResult(new ReadCardResponse { Identity = identity });
    }

    public override async Task<VerifyPinResponse> VerifyPin(VerifyPinRequest request, ServerCallContext context)
    {
        var session = CardTargets.Resolve(host.Terminal, request.Target);
        AccessInterceptor.AuditOf(context).About(session);
        switch (request.EntryCase)
        {
            case VerifyPinRequest.EntryOneofCase.Pin:
                using (var pin = PinFrom(request.Pin, "pin"))
                {
                    await OnCardAsync(session, async (card, ct) => await card.VerifyAsync(pin, ct), context.CancellationToken);
                }
                break;
            case VerifyPinRequest.EntryOneofCase.UsePinPad:
                throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.PinPadUnavailable,
                    "this reader offers no PIN pad (PC/SC part 10 VERIFY_PIN_DIRECT)", (ErrorDomain.Reader, session.Reader));
            default:
                throw RpcErrors.InvalidRequest("entry", "give the pin or set use_pin_pad");
        }
        return new VerifyPinResponse { SessionId = session.Id.ToString() };
    }

    public override async Task<ChangePinResponse> ChangePin(ChangePinRequest request, ServerCallContext context)
    {
        var session = CardTargets.Resolve(host.Terminal, request.Target);
        AccessInterceptor.AuditOf(context).About(session);
        using var current = PinFrom(request.CurrentPin, "current_pin");
        using var replacement = PinFrom(request.NewPin, "new_pin");
        await OnCardAsync(session, async (card, ct) => await card.ChangeAsync(current, replacement, ct), context.CancellationToken);
        return new ChangePinResponse { SessionId = session.Id.ToString() };
    }

    public override async Task<AwaitCredentialResponse> AwaitCredential(AwaitCredentialRequest request, ServerCallContext context)
    {
        var timeout = request.Timeout is null ? DefaultAwait : request.Timeout.ToTimeSpan();
        if (timeout < MinAwait || timeout > MaxAwait)
        {
            throw RpcErrors.InvalidRequest("timeout", $"must lie between {MinAwait.TotalSeconds:0} s and {MaxAwait.TotalMinutes:0} min");
        }
        if (request.Reader.Length > 0)
        {
            CardTargets.RequireReader(host.Terminal, request.Reader, "reader");
        }
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        wait.CancelAfter(timeout);
        var events = request.OnlyNew ? host.Terminal.WatchAsync(wait.Token) : host.Terminal.WatchFromNowAsync(wait.Token);
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

    private async Task OnCardAsync(CardSession session, Func<CardPin, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await host.Terminal.RunOnCardAsync(session.Id, async (channel, ct) =>
            {
                // The PIN belongs to the SSSE; select it so the command does not depend on what ran before.
                await SelectSsseAsync(channel, ct);
                await work(new CardPin(channel), ct);
                return true;
            }, cancellationToken);
        }
        catch (Exception e) when (RpcErrors.ForCardFailure(e, session.Id) is { } typed)
        {
            throw typed;
        }
    }

    private static async Task SelectSsseAsync(ICardChannel channel, CancellationToken cancellationToken)
    {
        var response = await channel.TransmitAsync(
            new CommandApdu(0x00, 0xA4, 0x04, 0x00, CardFileLayout.National.SsseAidBytes, CommandApdu.MaxShortNe), cancellationToken);
        if (!response.StatusWord.IsNormal)
        {
            throw new Cards.NotASocialSecurityCardException($"SELECT SSSE answered {response.StatusWord}");
        }
    }

    private static PinBuffer PinFrom(string digits, string field)
    {
        if (digits.Length is < PinBuffer.MinDigits or > PinBuffer.MaxDigits || !digits.All(char.IsAsciiDigit))
        {
            throw RpcErrors.InvalidRequest(field, $"a PIN is {PinBuffer.MinDigits} to {PinBuffer.MaxDigits} digits");
        }
        return PinBuffer.FromDigits(digits);
    }
}
