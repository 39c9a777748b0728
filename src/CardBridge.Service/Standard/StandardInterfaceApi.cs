using CardBridge.Api.V1;
using CardBridge.Cards.Authentication;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Interop;
using CardBridge.Cards.Medical;
using CardBridge.Cards.Recognition;
using CardBridge.Service.Api;
using CardBridge.Service.Hosting;
using CardBridge.Service.Security;
using CardBridge.Terminal;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Standard;

/// <summary>
/// StandardInterfaceService: the standard reader-terminal interface's strings (DESIGN §8, §13) from the pre-read sessions,
/// the PSAM and the card, for the legacy library and any client that wants them.
/// </summary>
internal sealed class StandardInterfaceApi(
    TerminalHost host, HsmStepBook steps, PsamTerminalNumber terminalNumber, IOptions<StandardInterfaceOptions> options, TimeProvider time)
    : StandardInterfaceService.StandardInterfaceServiceBase
{
    private const int MaxReaders = 16;

    private string DeviceNumber => options.Value.DeviceNumber;

    public override async Task<StandardOutput> ReadCardBas(StandardCardRequest request, ServerCallContext context)
    {
        var session = Choose(request, context);
        var identity = WithHolder(session);
        var text = StandardReaderFormat.ReadCardBas(identity, await terminalNumber.ReadAsync(context.CancellationToken), DeviceNumber);
        var full = AccessInterceptor.CallerOf(context).Has(Scopes.IdentityFull);
        return Output(session, full ? text : StandardMasking.ReadCardBas(text), masked: !full);
    }

    public override async Task<StandardOutput> HsmStep1(StandardCardRequest request, ServerCallContext context)
    {
        var session = Choose(request, context);
        var card = IdentityMapper.IdentityOf(session).Card;
        if (card.Generation != CardGeneration.Third)
        {
            return Output(session, StandardReaderFormat.HsmStep1WithoutAuthentication(card), masked: false);
        }
        var keyContext = new CardKeyContext(card.CardIdentificationCode, card.Algorithm
            ?? throw RpcErrors.ForCardFailure(new Cards.CardDataException("SSSE FCI tag 86 (algorithm): missing on a 3.00 card"), session.Id)!);
        var step = await CardWork.OnReaderAsync(host.Terminal, session, async (access, ct) =>
        {
            await CardWork.SelectSsseAsync(access.Channel, ct);
            return await HsmAuthenticator.BeginAsync(access.Channel, keyContext, card.AtrHistoricalBytes, ct);
        }, context.CancellationToken);
        steps.Put(host.Terminal, session.Id, step);
        return Output(session, step.Request.ToStandardFormat(), masked: false);
    }

    public override async Task<StandardOutput> HsmStep2(HsmStep2Request request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var id = CardTargets.ParseSessionId(request.SessionId, "session_id");
        var session = host.Terminal.TryGetSession(id, out var found) ? found : throw RpcErrors.SessionEnded(id);
        AccessInterceptor.AuditOf(context).About(session);
        var identity = IdentityMapper.IdentityOf(session);
        Holder holder;
        if (identity.Card.Generation != CardGeneration.Third)
        {
            holder = WithHolder(session).Holder!;
        }
        else
        {
            var step = steps.Find(id) ?? throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.HsmStepMissing,
                "no HSM step 1 is pending for this card: call HsmStep1 first", (ErrorDomain.SessionId, id.ToString()));
            var answer = HsmKey.Parse(request.Key, step.Request);
            steps.Remove(id, step);
            holder = await CardWork.OnReaderAsync(host.Terminal, session, async (access, ct) =>
            {
                await HsmAuthenticator.CompleteAsync(access.Channel, step, answer, ct);
                return identity.Holder ?? await new IdentityReader(null, time).ReadHolderAsync(access.Channel, ct);
            }, context.CancellationToken);
        }
        var read = identity with { Holder = holder, HolderUnavailable = HolderUnavailableReason.None, HolderUnavailableDetail = null };
        return Output(session, StandardReaderFormat.ReadCardBas(read, await terminalNumber.ReadAsync(context.CancellationToken), DeviceNumber), masked: false);
    }

    public override async Task<StandardOutput> ReadCardFile(ReadCardFileRequest request, ServerCallContext context)
    {
        var files = CardFileAddress.Parse(request.FileAddress);
        var session = Choose(request.Card ?? new StandardCardRequest(), context);
        var identity = IdentityMapper.IdentityOf(session);
        var holder = files.Any(f => f.File == StandardFile.Holder) ? WithHolder(session).Holder : null;
        MedicalBasics? medical = null;
        if (files.Any(f => f.File == StandardFile.MedicalBasics))
        {
            medical = await CardWork.OnReaderAsync(host.Terminal, session,
                (access, ct) => new MedicalRecords(access.Channel, NoHolderCheck.Instance).ReadBasicsAsync(ct), context.CancellationToken);
        }
        return Output(session, StandardFileValues.Render(files, identity, holder, medical), masked: false);
    }

    public override async Task<TerminalInfo> GetTerminalInfo(GetTerminalInfoRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        return new TerminalInfo
        {
            DeviceNumber = DeviceNumber,
            PsamTerminalNumber = await terminalNumber.ReadAsync(context.CancellationToken) ?? StandardReaderFormat.NoTerminalNumber,
        };
    }

    // The first of the named readers holding a card read at arrival; with none named, the only reader holding one.
    private CardSession Choose(StandardCardRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        CardSession session;
        if (request.Readers.Count == 0)
        {
            session = CardTargets.Resolve(host.Terminal, null);
        }
        else
        {
            if (request.Readers.Count > MaxReaders || request.Readers.Any(r => r.Length is 0 or > CardTargets.MaxReaderNameLength))
            {
                throw RpcErrors.InvalidRequest("readers", $"1 to {MaxReaders} reader names of 1 to {CardTargets.MaxReaderNameLength} characters");
            }
            var attached = host.Terminal.Readers;
            session = request.Readers
                .Select(name => attached.FirstOrDefault(r => r.Name == name)?.SessionId)
                .Select(id => id is { } sessionId && host.Terminal.TryGetSession(sessionId, out var inReader) ? inReader : null)
                .FirstOrDefault(s => s is not null)
                ?? throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.NoCard, "none of the readers named holds a card that has been read");
        }
        AccessInterceptor.AuditOf(context).About(session);
        return session;
    }

    // The session's identity with its holder, or HOLDER_UNAVAILABLE: a 3.00 card no PSAM could open.
    private static IdentityReadResult WithHolder(CardSession session)
    {
        var identity = IdentityMapper.IdentityOf(session);
        return identity.Holder is not null
            ? identity
            : throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.HolderUnavailable,
                identity.HolderUnavailableDetail ?? "the holder file was not read", (ErrorDomain.SessionId, session.Id.ToString()));
    }

    private static StandardOutput Output(CardSession session, string text, bool masked) => new()
    {
        SessionId = session.Id.ToString(),
        Text = text,
        Gb18030 = ByteString.CopyFrom(StandardReaderFormat.ToLegacyBytes(text)),
        Masked = masked,
    };

    // DF04 EF05 needs no PIN: MedicalRecords.ReadBasicsAsync never asks.
    private sealed class NoHolderCheck : ICardholderVerifier
    {
        public static readonly NoHolderCheck Instance = new();

        public Task VerifyAsync(Iso7816.ICardChannel card, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the medical basics are read without the holder's PIN");
    }
}
