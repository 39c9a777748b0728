using CardBridge.Api.V1;
using CardBridge.Service.Api;
using CardBridge.Service.Configuration;
using CardBridge.Service.Credentials;
using CardBridge.Service.Hosting;
using CardBridge.Service.Security;
using CardBridge.Transit.Eligibility;
using CardBridge.Transit.Gate;
using Grpc.Core;

namespace CardBridge.Service.Transit;

/// <summary>TransitService: one tap's decision at a gate, the stream of every gate's decisions, and a rider list sync on demand.</summary>
internal sealed class TransitApi(TransitHost transit, TerminalHost host, CodeCredentialStore codes, RiderListSync lists) : TransitService.TransitServiceBase
{
    public override async Task<TapResponse> Tap(TapRequest request, ServerCallContext context)
    {
        var gate = GateOf(request);
        if (transit.Gate is null)
        {
            throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.InvalidRequest,
                "this terminal is no fare gate: the Transit settings are not configured", (ErrorDomain.Field, "gate_id"));
        }
        GateDecisionEvent decision;
        switch (request.PresentedCase)
        {
            case TapRequest.PresentedOneofCase.Card:
                var session = CardTargets.Resolve(host.Terminal, request.Card, "card");
                AccessInterceptor.AuditOf(context).About(session);
                if (host.Psam is null)
                {
                    throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.HolderUnavailable, "a card tap needs the gate's PSAM (Readers:PsamReader)");
                }
                try
                {
                    decision = await transit.TapCardAsync(session, gate, null, context.CancellationToken);
                }
                catch (TapInterruptedException)
                {
                    throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.CardRemoved,
                        "the card left before the gate decided: tap again (an interrupted purchase is settled then, never charged twice)",
                        (ErrorDomain.SessionId, session.Id.ToString()));
                }
                catch (Exception e) when (RpcErrors.ForCardFailure(e, session.Id) is { } typed)
                {
                    throw typed;
                }
                break;
            case TapRequest.PresentedOneofCase.CodeCredentialId:
                var id = request.CodeCredentialId;
                if (id.Length != 36 || !Guid.TryParseExact(id, "D", out var parsed))
                {
                    throw RpcErrors.InvalidRequest("code_credential_id", "not a credential id (a UUID)");
                }
                if (!codes.TryGet(parsed, out var code))
                {
                    throw RpcErrors.CredentialUnknown(id);
                }
                AccessInterceptor.AuditOf(context).About(code);
                if (code.Transit is null)
                {
                    throw RpcErrors.CredentialNotAccepted(id, code.Kind, "only a transit code pays a fare");
                }
                decision = await transit.TapCodeAsync(code, gate, null, context.CancellationToken);
                break;
            default:
                throw RpcErrors.InvalidRequest("presented", "give the card or a code_credential_id");
        }
        return new TapResponse { Decision = TransitMapper.ToProto(decision) };
    }

    public override async Task WatchDecisions(WatchDecisionsRequest request, IServerStreamWriter<GateDecision> responseStream, ServerCallContext context)
    {
        if (request.GateId.Length > 0 && !TransitIds.IsGateId(request.GateId))
        {
            throw RpcErrors.InvalidRequest("gate_id", "1 to 32 letters, digits, '-' or '_'");
        }
        using var subscription = transit.Subscribe();
        await context.WriteResponseHeadersAsync(new Metadata());
        try
        {
            await foreach (var decision in subscription.Reader.ReadAllAsync(context.CancellationToken))
            {
                if (request.GateId.Length == 0 || decision.GateId == request.GateId)
                {
                    await responseStream.WriteAsync(TransitMapper.ToProto(decision), context.CancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    public override async Task<SyncRiderListsResponse> SyncRiderLists(SyncRiderListsRequest request, ServerCallContext context)
    {
        if (transit.Lists is null)
        {
            throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.InvalidRequest,
                "this terminal is no fare gate: the Transit settings are not configured");
        }
        IReadOnlyList<RiderListSyncState> states;
        try
        {
            states = await lists.SyncAsync(context.CancellationToken);
        }
        catch (RiderListException)
        {
            // The centre's lists were unusable (or could not be stored): nothing changed, as with a centre that cannot be reached.
            throw RpcErrors.Create(StatusCode.Unavailable, ErrorReason.CentreUnavailable,
                "the centre's rider lists could not be used; the lists in use are kept");
        }
        catch (Exception e) when (RpcErrors.ForSettlementFailure(e) is { } typed)
        {
            throw typed;
        }
        var response = new SyncRiderListsResponse();
        response.Lists.AddRange(states.Select(TransitMapper.ToProto));
        return response;
    }

    private static GateOptions GateOf(TapRequest request)
    {
        if (!TransitIds.IsGateId(request.GateId))
        {
            throw RpcErrors.InvalidRequest("gate_id", "1 to 32 letters, digits, '-' or '_'");
        }
        if (!TransitIds.IsLine(request.Line))
        {
            throw RpcErrors.InvalidRequest("line", "1 to 32 printable characters");
        }
        if (!TransitIds.IsStop(request.Stop))
        {
            throw RpcErrors.InvalidRequest("stop", "1 to 64 printable characters");
        }
        return new GateOptions { Id = request.GateId, Line = request.Line, Stop = request.Stop };
    }
}
